"""A message whose sending was cut off ("unsure") is looked for in the mailbox's Sent folder by its
fixed Message-ID: found, it is recorded as sent; not found, it waits for a person (some servers
keep no copy of what they send, so absence proves nothing and nothing is sent again)."""

from __future__ import annotations

import imaplib
import logging
from datetime import datetime, timedelta
from typing import Any, Mapping

from sqlalchemy.engine import Engine
from sqlmodel import Session

from outreach.core.claims import claim_rows
from outreach.core.mail.connect import MailConnectionError, close_quietly
from outreach.core.mail.folders import SENT_NAMES, special_folders
from outreach.core.mail.mailboxes import open_mailbox_imap
from outreach.core.mail.outbox import record_sent
from outreach.core.mail.secrets import MailKeyMissing, MailKeyWrong
from outreach.core.models import Mailbox, OutboxMessage, utcnow

log = logging.getLogger(__name__)
LOOK_AGAIN = timedelta(hours=1)


def sent_folders(imap: imaplib.IMAP4) -> list[str]:
    """The folders that hold sent mail: the one flagged \\Sent (RFC 6154) first, then the usual names."""
    return special_folders(imap, b"\\Sent", SENT_NAMES)


def found_in_sent(imap: imaplib.IMAP4, message_id: str) -> bool:
    """Whether a Sent folder holds a message with this Message-ID (read-only look)."""
    for folder in sent_folders(imap):
        status, _ = imap.select(f'"{folder}"', readonly=True)
        if status != "OK":
            continue
        status, data = imap.uid("SEARCH", None, "HEADER", "Message-ID", f'"{message_id}"')
        if status == "OK" and data and data[0] and data[0].split():
            return True
    return False


def resolve_unsure(engine: Engine, settings: Mapping[str, Any], now: datetime | None = None) -> int:
    """Record as sent each claimed "unsure" message found in its Sent folder; returns how many."""
    now = now or utcnow()
    with Session(engine) as session:
        claimed = claim_rows(session, OutboxMessage, OutboxMessage.status == "unsure", now, limit=20)
    resolved = 0
    for row_id in claimed:
        with Session(engine) as session:
            row = session.get(OutboxMessage, row_id)
            mailbox = session.get(Mailbox, row.mailbox_id)
            if look_in_sent(session, mailbox, row, settings):
                record_sent(session, row, row.send_after)
                row.last_error = "Its sending was cut off; it was found in the Sent folder, so it is recorded as sent."
                session.add(row)
                session.commit()
                resolved += 1
            else:
                # Not there (yet): its lease becomes the wait before the next look, an hour on.
                row.claimed_until = now + LOOK_AGAIN
                session.add(row)
                session.commit()
    return resolved


def look_in_sent(session: Session, mailbox: Mailbox, row: OutboxMessage, settings: Mapping[str, Any]) -> bool:
    if not mailbox.imap_host:
        return False
    try:
        imap = open_mailbox_imap(session, mailbox, settings)
    except (MailConnectionError, MailKeyMissing, MailKeyWrong) as error:
        log.info("outbox message %s: cannot look in Sent: %s", row.id, error)
        return False
    try:
        return found_in_sent(imap, row.message_id)
    except (OSError, imaplib.IMAP4.error, imaplib.IMAP4.abort) as error:
        log.info("outbox message %s: looking in Sent broke off: %s", row.id, error)
        return False
    finally:
        close_quietly(imap)
