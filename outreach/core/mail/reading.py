"""The scheduler's inbox job: claim each mailbox that is due (one scheduler at a time, SKIP LOCKED),
read its new messages and act on each, remembering the position after every message."""

from __future__ import annotations

import imaplib
import logging
from collections import Counter
from datetime import datetime, timedelta
from typing import Any, Mapping

from sqlalchemy import and_
from sqlalchemy.engine import Engine
from sqlmodel import Session

from outreach.core.alerts import send_alert_emails
from outreach.core.claims import claim_rows, release
from outreach.core.mail.connect import MailConnectionError, close_quietly
from outreach.core.mail.folders import JUNK_NAMES, special_folders
from outreach.core.mail.inbox import Position, new_messages, open_position
from outreach.core.mail.mailboxes import CONNECTED, open_mailbox_imap
from outreach.core.mail.parse import parse_message
from outreach.core.mail.refused_logins import logged_in, login_refused
from outreach.core.mail.replies import take_message
from outreach.core.mail.secrets import MailKeyMissing, MailKeyWrong
from outreach.core.models import Mailbox, utcnow

log = logging.getLogger(__name__)
COMMIT_EVERY = 50
JUNK_EVERY = timedelta(hours=1)  # with no new mail, the other reads stay one command after login


def read_due(engine: Engine, settings: Mapping[str, Any], now: datetime | None = None) -> Counter:
    """Read every mailbox due for reading that no other scheduler holds; counts of what was found."""
    now = now or utcnow()
    wanted = and_(CONNECTED, Mailbox.imap_host != "", Mailbox.next_read_at <= now)
    totals: Counter = Counter()
    with Session(engine) as session:
        claimed = claim_rows(session, Mailbox, wanted, now, limit=50, lease_seconds=900)
    for mailbox_id in claimed:
        with Session(engine) as session:
            totals += read_mailbox(session, session.get(Mailbox, mailbox_id), settings, now)
    return totals


def take_one(session: Session, mailbox: Mailbox, fetched, now: datetime, settings: Mapping[str, Any],
             emails: list, folder: str = "INBOX") -> str:
    """Parse and act on one message in its own savepoint: a message nothing can make sense of is
    skipped (and logged) instead of stopping every later read at it."""
    try:
        with session.begin_nested():
            incoming = parse_message(fetched.raw, body_loaded=fetched.body_loaded, size=fetched.size)
            return take_message(session, mailbox, incoming, fetched.arrived_at or incoming.sent_at or now,
                                settings, emails, found_in="" if folder == "INBOX" else folder)
    except (OSError, imaplib.IMAP4.error):
        raise
    except Exception:  # a bug or a message no parser foresaw: one message, not the mailbox
        log.exception("mailbox %s: message UID %s skipped", mailbox.id, fetched.uid)
        return "skipped"


def read_folder(session: Session, mailbox: Mailbox, imap, folder: str, columns: str, now: datetime,
                settings: Mapping[str, Any], emails: list, found: Counter, new_from_start: bool = False) -> None:
    """Read a folder's new messages, its position kept in the mailbox's `columns`_uidvalidity and _last_uid."""
    max_bytes = int(settings.get("MAIL_MAX_MESSAGE_MB", 10)) * 1_048_576
    stored = Position(getattr(mailbox, f"{columns}_uidvalidity"), getattr(mailbox, f"{columns}_last_uid"))
    position, uidnext = open_position(imap, stored, folder, new_from_start)
    setattr(mailbox, f"{columns}_uidvalidity", position.uidvalidity)
    setattr(mailbox, f"{columns}_last_uid", position.last_uid)
    for count, fetched in enumerate(new_messages(imap, position, uidnext, max_bytes), start=1):
        found[take_one(session, mailbox, fetched, now, settings, emails, folder)] += 1
        setattr(mailbox, f"{columns}_last_uid", fetched.uid)
        session.add(mailbox)
        if count % COMMIT_EVERY == 0:
            # The position is committed with the work done up to it: a broken read resumes here.
            session.commit()
            send_alert_emails(settings, emails)
            emails.clear()


def read_junk(session: Session, mailbox: Mailbox, imap, now: datetime, settings: Mapping[str, Any], emails: list,
              found: Counter) -> None:
    """Read the Junk folder (the one the server flags, else a usual name): a blogger's answer filed as
    spam is their answer all the same. Only messages that match a pitch or a known blogger count."""
    first_look, mailbox.junk_read_at = mailbox.junk_read_at is None, now
    session.add(mailbox)
    folders = special_folders(imap, b"\\Junk", JUNK_NAMES)
    if not folders:
        mailbox.junk_folder = ""
        return
    if folders[0] != mailbox.junk_folder:
        mailbox.junk_folder, mailbox.junk_uidvalidity, mailbox.junk_last_uid = folders[0], None, 0
    try:
        # A mailbox just connected starts at the folder's end, as at INBOX's; a folder that appeared since
        # (the first message a filter put aside) is read from its start.
        read_folder(session, mailbox, imap, mailbox.junk_folder, "junk", now, settings, emails, found,
                    new_from_start=not first_look)
    except imaplib.IMAP4.error as error:
        if "cannot be opened" not in str(error):
            raise
        log.info("mailbox %s: %s", mailbox.id, error)  # a folder listed but not selectable: INBOX still read


def read_mailbox(session: Session, mailbox: Mailbox, settings: Mapping[str, Any], now: datetime) -> Counter:
    """Read one mailbox's new messages; a failure is written on the mailbox, what was read is kept."""
    found: Counter = Counter()
    emails: list = []  # replies' alerts by email, sent once what was read is committed
    imap = None
    try:
        imap = open_mailbox_imap(session, mailbox, settings, now)
        logged_in(session, mailbox)
        read_folder(session, mailbox, imap, "INBOX", "imap", now, settings, emails, found)
        if mailbox.junk_read_at is None or now - mailbox.junk_read_at >= JUNK_EVERY:
            session.commit()  # what INBOX gave is kept whatever the Junk folder does
            send_alert_emails(settings, emails)
            emails.clear()
            read_junk(session, mailbox, imap, now, settings, emails, found)
        mailbox.last_error = ""
    except (MailConnectionError, MailKeyMissing, MailKeyWrong) as error:
        mailbox.last_error = str(error)[:2000]
        emails.extend(login_refused(session, settings, mailbox, error, now))
    except (OSError, imaplib.IMAP4.error, imaplib.IMAP4.abort) as error:
        session.rollback()
        emails.clear()  # those messages are read again, and told of again, next time
        mailbox.last_error = f"Reading {mailbox.imap_host} broke off ({type(error).__name__}: {error})"[:2000]
    finally:
        if imap is not None:
            close_quietly(imap)
    if mailbox.last_error:
        log.info("mailbox %s: %s", mailbox.id, mailbox.last_error)
    mailbox.last_read_at = now
    mailbox.next_read_at = now + timedelta(minutes=int(settings.get("MAIL_READ_INTERVAL_MINUTES", 5)))
    release(mailbox)
    session.add(mailbox)
    session.commit()
    send_alert_emails(settings, emails)
    return found
