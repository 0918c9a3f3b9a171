"""The daily follow-up digest: each person's due and overdue follow-ups, by email."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from typing import Any, Mapping

from sqlmodel import Session, select

from outreach.follow_ups import FollowUp, due_follow_ups
from outreach.models import User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Digest:
    """One person's digest."""

    user: User
    items: list[FollowUp]


def gather_digests(session: Session, today: date) -> list[Digest]:
    """A digest for every active user with something due today or overdue."""
    digests = []
    for user in session.exec(select(User).where(User.is_active).order_by(User.id)):
        items = due_follow_ups(session, user.id, today)
        if items:
            digests.append(Digest(user, items))
    return digests


def digest_message(digest: Digest, today: date, sender: str, base_url: str = "") -> EmailMessage:
    """The email for one digest, in plain text."""
    overdue = sum(1 for item in digest.items if item.days_overdue(today) > 0)
    message = EmailMessage()
    message["Subject"] = (
        f"Outreach: {len(digest.items)} follow-up{'s' if len(digest.items) != 1 else ''} due"
        + (f" ({overdue} overdue)" if overdue else "")
    )
    message["From"] = sender
    message["To"] = digest.user.email
    lines = [f"Hello {digest.user.display_name},", "", "These follow-ups are due:", ""]
    for item in digest.items:
        late = item.days_overdue(today)
        when = f"{late} day{'s' if late != 1 else ''} overdue" if late > 0 else "today"
        link = f" {base_url}/campaigns/entries/{item.entry.id}/" if base_url else ""
        lines.append(f"- {item.name} ({item.campaign.name}, {item.stage.name}): {when}{link}")
    lines += ["", "You get this email because follow-ups are due on entries you own."]
    message.set_content("\n".join(lines))
    return message


def send_digests(session: Session, today: date, config: Mapping[str, Any]) -> int:
    """Email today's digests when SMTP is configured; returns how many were sent."""
    if not config.get("SMTP_HOST"):
        log.info("SMTP is not configured: follow-up digests stay in the app")
        return 0
    digests = gather_digests(session, today)
    if not digests:
        return 0
    sent = 0
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        for digest in digests:
            try:
                smtp.send_message(digest_message(digest, today, config["SMTP_FROM"]))
                sent += 1
            except smtplib.SMTPRecipientsRefused:
                log.warning("digest refused for user %s", digest.user.id)
    log.info("sent %d follow-up digests", sent)
    return sent
