"""Building the email a pitch or follow-up goes out as: plain text, its Message-ID fixed when it
is queued, threaded to the pitch, with the campaign's files it carries; no tracking pixel, no
rewritten link."""

from __future__ import annotations

import uuid
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from outreach.core.models import CampaignFile, Mailbox, OutboxMessage


def new_message_id(mailbox: Mailbox) -> str:
    """A Message-ID in the mailbox's own domain, unique, fixed before the message is sent."""
    domain = mailbox.email_address.rpartition("@")[2] or "outreach.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def envelope_address(address: str) -> str:
    """The address as it goes on the wire: an internationalised domain in its ASCII (IDNA) form, so
    that an address whose name part is ASCII reaches any server; an address that cannot be
    converted is given back as it is, for the server to judge."""
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii():
        return address
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address


def valid_address(address: str) -> bool:
    """A plausible single address: one @, a dot in the domain, no spaces or header breaks."""
    name, parsed = parseaddr(address or "")
    local, _, domain = parsed.partition("@")
    return bool(local and "." in domain and parsed == address.strip() and not any(c in parsed for c in " \r\n,;"))


def signed(body: str, signature: str) -> str:
    """The text with the mailbox's signature under the "-- " line that mail apps know (RFC 3676)."""
    signature = signature.strip("\n")
    return f"{body.rstrip()}\n\n-- \n{signature}\n" if signature.strip() else body


def build_message(mailbox: Mailbox, row: OutboxMessage, when: datetime,
                  files: list[CampaignFile] = ()) -> EmailMessage:
    """The message as it goes out, signed, with its files; the same row always gives the same Message-ID."""
    message = EmailMessage()
    message["From"] = formataddr((mailbox.display_name, mailbox.email_address))
    message["To"] = envelope_address(row.to_address)
    message["Subject"] = row.subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = row.message_id
    if row.in_reply_to:
        message["In-Reply-To"] = row.in_reply_to
        message["References"] = row.in_reply_to
    message.set_content(signed(row.body, mailbox.signature))
    for file in files:
        # The type is the one its checked kind gives (campaign_files.KINDS), never what an upload claimed.
        maintype, _, subtype = file.content_type.partition(";")[0].partition("/")
        message.add_attachment(file.data, maintype=maintype, subtype=subtype, filename=file.name)
    return message
