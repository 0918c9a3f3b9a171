"""A copy of each email sent from the app put in the mailbox's Sent folder, so that the person's own
mail app shows the pitch in its thread and a colleague reading the mailbox sees what went. Gmail and
Microsoft 365 file what their SMTP servers send already; most other servers do not."""

from __future__ import annotations

import imaplib
import logging
from datetime import datetime
from typing import Any, Mapping

from sqlmodel import Session

from outreach.core.mail.connect import MailConnectionError, close_quietly
from outreach.core.mail.folders import SENT_NAMES, special_folders
from outreach.core.mail.inbox import quoted
from outreach.core.mail.mailboxes import open_mailbox_imap
from outreach.core.mail.secrets import MailKeyMissing, MailKeyWrong
from outreach.core.models import Mailbox

log = logging.getLogger(__name__)
NEW_FOLDER = "Sent"  # made when the server lists none, as mail apps make it


class SentFolder:
    """A batch's IMAP connection to one mailbox and the folder its copies go to."""

    def __init__(self, imap: imaplib.IMAP4, folder: str):
        self.imap, self.folder = imap, folder


def keep_copy(session: Session, settings: Mapping[str, Any], mailbox: Mailbox, data: bytes, now: datetime,
              folders: dict) -> bool:
    """APPEND the sent bytes to the Sent folder, marked read; a failure is logged and never undoes the
    send (the copy is a convenience, the sending is the record). `folders` keeps the batch's connections."""
    if not mailbox.copy_to_sent or not mailbox.imap_host:
        return False
    target = None
    try:
        if mailbox.id not in folders:
            folders[mailbox.id] = None  # a failed look stays failed for the batch: one try, not one a message
            folders[mailbox.id] = open_sent_folder(session, settings, mailbox)
        target = folders[mailbox.id]
        if target is None:
            return False
        status, answer = target.imap.append(quoted(target.folder), "(\\Seen)", imaplib.Time2Internaldate(now), data)
        if status != "OK":
            raise imaplib.IMAP4.error(b" ".join(part for part in answer if isinstance(part, bytes)).decode()[:200])
        return True
    except (MailConnectionError, MailKeyMissing, MailKeyWrong, OSError, imaplib.IMAP4.error) as error:
        log.info("mailbox %s: no copy in the Sent folder: %s", mailbox.id, error)
        if target is not None:
            close_quietly(target.imap)
        folders[mailbox.id] = None
        return False


def open_sent_folder(session: Session, settings: Mapping[str, Any], mailbox: Mailbox) -> SentFolder:
    imap = open_mailbox_imap(session, mailbox, settings)
    try:
        found = special_folders(imap, b"\\Sent", SENT_NAMES)
        if not found:
            imap.create(quoted(NEW_FOLDER))
            found = [NEW_FOLDER]
    except (OSError, imaplib.IMAP4.error):
        close_quietly(imap)  # logged in, but the folder could not be found: the connection goes too
        raise
    return SentFolder(imap, found[0])


def close_all(folders: dict) -> None:
    for target in folders.values():
        if target is not None:
            close_quietly(target.imap)
