"""An alert for a person: a notification in the app, and its email when a mail server is set and
they take alerts by email (their account's Emails page)."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any, Mapping

from sqlmodel import Session

from outreach.core.models import Notification, User
from outreach.core.system_mail import plain_message


def alert(session: Session, settings: Mapping[str, Any], user: User, kind: str, title: str, body: str, url: str,
          *, email_body: str | None = None, subject: str | None = None) -> EmailMessage | None:
    """Add the notification; return the email for the caller to send with the others, or None.
    The email says `email_body` (else `body`) under `subject` (else "Outreach: <title>")."""
    session.add(Notification(user_id=user.id, kind=kind, title=title, body=body, url=url))
    if not (settings.get("SMTP_HOST") and user.email_alerts):
        return None
    return plain_message(settings, user.email, subject or f"Outreach: {title}",
                         body if email_body is None else email_body, link=url)
