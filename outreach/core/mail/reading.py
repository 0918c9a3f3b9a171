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
from outreach.core.mail.connect import MailConnectionError, close_quietly, open_imap
from outreach.core.mail.inbox import Position, new_messages, open_position
from outreach.core.mail.mailboxes import endpoints, mailbox_login
from outreach.core.mail.parse import parse_message
from outreach.core.mail.refused_logins import logged_in, login_refused
from outreach.core.mail.replies import take_message
from outreach.core.mail.secrets import MailKeyMissing, MailKeyWrong
from outreach.core.models import Mailbox, utcnow

log = logging.getLogger(__name__)
COMMIT_EVERY = 50


def read_due(engine: Engine, settings: Mapping[str, Any], now: datetime | None = None) -> Counter:
    """Read every mailbox due for reading that no other scheduler holds; counts of what was found."""
    now = now or utcnow()
    wanted = and_(Mailbox.is_active, Mailbox.imap_host != "", Mailbox.password_encrypted != "",
                  Mailbox.next_read_at <= now)
    totals: Counter = Counter()
    with Session(engine) as session:
        claimed = claim_rows(session, Mailbox, wanted, now, limit=50, lease_seconds=900)
    for mailbox_id in claimed:
        with Session(engine) as session:
            totals += read_mailbox(session, session.get(Mailbox, mailbox_id), settings, now)
    return totals


def take_one(session: Session, mailbox: Mailbox, fetched, now: datetime, settings: Mapping[str, Any],
             emails: list) -> str:
    """Parse and act on one message in its own savepoint: a message nothing can make sense of is
    skipped (and logged) instead of stopping every later read at it."""
    try:
        with session.begin_nested():
            incoming = parse_message(fetched.raw, body_loaded=fetched.body_loaded, size=fetched.size)
            return take_message(session, mailbox, incoming, fetched.arrived_at or incoming.sent_at or now,
                                settings, emails)
    except (OSError, imaplib.IMAP4.error):
        raise
    except Exception:  # a bug or a message no parser foresaw: one message, not the mailbox
        log.exception("mailbox %s: message UID %s skipped", mailbox.id, fetched.uid)
        return "skipped"


def read_mailbox(session: Session, mailbox: Mailbox, settings: Mapping[str, Any], now: datetime) -> Counter:
    """Read one mailbox's new messages; a failure is written on the mailbox, what was read is kept."""
    found: Counter = Counter()
    emails: list = []  # replies' alerts by email, sent once what was read is committed
    max_bytes = int(settings.get("MAIL_MAX_MESSAGE_MB", 10)) * 1_048_576
    _, endpoint = endpoints(session, mailbox)
    imap = None
    try:
        imap = open_imap(endpoint, mailbox_login(session, mailbox, settings, now),
                         settings.get("MAIL_CA_FILE", ""))
        logged_in(session, mailbox)
        position, uidnext = open_position(imap, Position(mailbox.imap_uidvalidity, mailbox.imap_last_uid))
        mailbox.imap_uidvalidity, mailbox.imap_last_uid = position.uidvalidity, position.last_uid
        for count, fetched in enumerate(new_messages(imap, position, uidnext, max_bytes), start=1):
            found[take_one(session, mailbox, fetched, now, settings, emails)] += 1
            mailbox.imap_last_uid = fetched.uid
            session.add(mailbox)
            if count % COMMIT_EVERY == 0:
                # The position is committed with the work done up to it: a broken read resumes here.
                session.commit()
                send_alert_emails(settings, emails)
                emails.clear()
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
