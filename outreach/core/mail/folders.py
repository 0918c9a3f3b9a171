"""Finding a mailbox's special folders over IMAP: the one its server flags (RFC 6154's \\Sent or
\\Junk) first, then the names servers are known to use."""

from __future__ import annotations

import imaplib
import re

LIST_LINE = re.compile(rb'^\((?P<flags>[^)]*)\) (?:"[^"]*"|NIL) (?P<name>.+)$')
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "Sent Mail", "INBOX.Sent", "[Gmail]/Sent Mail")
JUNK_NAMES = ("Junk", "Spam", "Junk E-mail", "Junk Email", "INBOX.Junk", "INBOX.Spam", "[Gmail]/Spam", "Bulk Mail")


def special_folders(imap: imaplib.IMAP4, flag: bytes, names: tuple[str, ...]) -> list[str]:
    """The folders flagged `flag` (e.g. b"\\\\Junk") first, then those with one of the usual names."""
    status, lines = imap.list()
    flagged, named = [], []
    for line in lines if status == "OK" else []:
        match = LIST_LINE.match(line or b"")
        if not match:
            continue
        name = match.group("name").decode("utf-8", "replace").strip('"')
        if flag in match.group("flags"):
            flagged.append(name)
        elif name in names:
            named.append(name)
    return flagged + named
