"""An alert for a person: a notification in the app, and its email when a mail server is set and
they take alerts by email (their account's Emails page)."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from typing import Any, Mapping

from sqlmodel import Session

from outreach.core.models import Notification, User
from outreach.core.system_mail import plain_message, send_messages

log = logging.getLogger(__name__)


def alert(session: Session, settings: Mapping[str, Any], user: User, kind: str, title: str, body: str, url: str,
          *, email_body: str | None = None, subject: str | None = None) -> EmailMessage | None:
    """Add the notification; return the email for the caller to send with the others, or None.
    The email says `email_body` (else `body`) under `subject` (else "Outreach: <title>")."""
    session.add(Notification(user_id=user.id, kind=kind, title=title, body=body, url=url))
    if not (settings.get("SMTP_HOST") and user.email_alerts):
        return None
    return plain_message(settings, user.email, subject or f"Outreach: {title}",
                         body if email_body is None else email_body, link=url)


def send_alert_emails(settings: Mapping[str, Any], emails: list[EmailMessage | None]) -> int:
    """Send alerts' emails; a mail server that is down or refuses is logged, never raised, since the
    alert is in the app already and the change that raised it must not be lost for its email."""
    try:
        return send_messages(settings, emails)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("alert emails not sent: %s", error or type(error).__name__)
        return 0
