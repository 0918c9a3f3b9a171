"""Reading a mailbox's INBOX (and its Junk folder) over IMAP: only what arrived since the last read (UIDVALIDITY and the
last UID remembered), read-only (nothing deleted, moved or flagged), large messages by their
headers alone. With no new mail the read is one command after login."""

from __future__ import annotations

import imaplib
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator

UID = re.compile(rb"\bUID (\d+)")
SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
BATCH = 100  # messages fetched in one command: bounds the memory of a read


@dataclass
class Fetched:
    """One new message: its UID, size, arrival, and its bytes (or its headers alone)."""

    uid: int
    size: int
    arrived_at: datetime | None
    raw: bytes
    body_loaded: bool


@dataclass
class Position:
    """Where reading stopped: the folder's UIDVALIDITY and the last UID read."""

    uidvalidity: int | None
    last_uid: int


def untagged_number(imap: imaplib.IMAP4, name: str) -> int | None:
    values = imap.untagged_responses.get(name) or []
    try:
        return int(values[-1])
    except (IndexError, TypeError, ValueError):
        return None


def open_position(imap: imaplib.IMAP4, stored: Position, folder: str = "INBOX",
                  new_from_start: bool = False) -> tuple[Position, int | None]:
    """SELECT the folder read-only; the position to read from, and UIDNEXT (None if the server keeps it).
    A folder with no position yet is read from its end, or from its start when `new_from_start`."""
    status, _ = imap.select(quoted(folder), readonly=True)
    if status != "OK":
        raise imaplib.IMAP4.error(f"{folder} cannot be opened")
    uidvalidity, uidnext = untagged_number(imap, "UIDVALIDITY"), untagged_number(imap, "UIDNEXT")
    if stored.uidvalidity is None:
        # A mailbox just connected: what was there before is not ours to log; start at the end.
        return Position(uidvalidity, 0 if new_from_start else (uidnext or 1) - 1), uidnext
    if uidvalidity != stored.uidvalidity:
        return Position(uidvalidity, 0), uidnext  # the folder was rebuilt: UIDs start again
    return stored, uidnext


def quoted(folder: str) -> str:
    """A folder name as an IMAP string (a name with spaces, such as "Junk E-mail", needs the quotes)."""
    return folder if folder == "INBOX" else '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_messages(imap: imaplib.IMAP4, position: Position, uidnext: int | None, max_bytes: int) -> Iterator[Fetched]:
    """The messages after the position, oldest first, fetched in batches."""
    if uidnext is not None and uidnext <= position.last_uid + 1:
        return  # nothing new: the SELECT alone told us
    status, data = imap.uid("FETCH", f"{position.last_uid + 1}:*", "(UID RFC822.SIZE INTERNALDATE)")
    if status != "OK":
        raise imaplib.IMAP4.error("FETCH failed")
    listed = sorted(item for item in map(parse_listing, data) if item and item[0] > position.last_uid)
    for start in range(0, len(listed), BATCH):
        batch = listed[start:start + BATCH]
        small = [uid for uid, size, _ in batch if size <= max_bytes]
        bodies = fetch_parts(imap, small, "BODY.PEEK[]") if small else {}
        large = [uid for uid, size, _ in batch if size > max_bytes]
        headers = fetch_parts(imap, large, "BODY.PEEK[HEADER]") if large else {}
        for uid, size, arrived in batch:
            loaded = uid in bodies
            yield Fetched(uid, size, arrived, bodies.get(uid) or headers.get(uid, b""), loaded)


def parse_listing(item) -> tuple[int, int, datetime | None] | None:
    line = item[0] if isinstance(item, tuple) else item
    if not isinstance(line, bytes):
        return None
    uid, size = UID.search(line), SIZE.search(line)
    if not uid or not size:
        return None
    arrived = None
    date = INTERNALDATE.search(line)
    if date:
        parsed = imaplib.Internaldate2tuple(b'INTERNALDATE "' + date.group(1) + b'"')
        if parsed:
            arrived = datetime.fromtimestamp(time.mktime(parsed), tz=timezone.utc)
    return int(uid.group(1)), int(size.group(1)), arrived


def fetch_parts(imap: imaplib.IMAP4, uids: list[int], part: str) -> dict[int, bytes]:
    """One UID FETCH of a part for many messages; UID -> bytes."""
    status, data = imap.uid("FETCH", ",".join(map(str, uids)), f"(UID {part})")
    if status != "OK":
        raise imaplib.IMAP4.error("FETCH failed")
    found = {}
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            uid = UID.search(item[0])
            if uid:
                found[int(uid.group(1))] = item[1]
    return found
