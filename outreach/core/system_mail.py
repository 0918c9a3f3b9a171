"""The app's own email to its users (digests, alerts) through the SMTP server in the settings.
Nothing is sent when no server is set: everything it says is in the app too."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from typing import Any, Mapping

from outreach.core.settings import default_of

log = logging.getLogger(__name__)


def app_link(config: Mapping[str, Any], path: str) -> str:
    """The page's full address for an email, from OUTREACH_BASE_URL; empty when it is not set (a
    request's own Host header is never trusted for a link that leaves the app)."""
    base = config.get("BASE_URL") or ""
    return f"{base}{path}" if base else ""


def plain_message(config: Mapping[str, Any], to: str, subject: str, body: str, link: str = "") -> EmailMessage:
    """A plain-text email from the app's sender address, ending with the page `link` (a path) opens."""
    message = EmailMessage()
    message["Subject"], message["To"] = subject, to
    message["From"] = config.get("SMTP_FROM") or default_of("SMTP_FROM")
    address = app_link(config, link) if link else ""
    message.set_content(f"{body}\n\nOpen it in Outreach: {address}\n" if address else body)
    return message


def send_messages(config: Mapping[str, Any], messages: list[EmailMessage | None]) -> int:
    """Send the messages over one connection when SMTP is configured; returns how many went. A
    None (an alert whose person takes no email, see alerts.alert) is passed over."""
    messages = [message for message in messages if message is not None]
    if not config.get("SMTP_HOST") or not messages:
        return 0
    sent = 0
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        for message in messages:
            try:
                smtp.send_message(message)
                sent += 1
            except smtplib.SMTPRecipientsRefused:
                log.warning("email to %s refused", message["To"])
    return sent
