"""Reading an incoming email: its threading headers, whether it is an auto-reply, a bounce or a
request to be removed, its text with the quoted history and the signature trimmed, and the files
it carries."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime

# A reply's file is kept up to the size of a campaign's own; a larger one is named, its content left.
from outreach.core.campaign_files import MAX_FILE_BYTES
from outreach.core.sanitize import html_to_text, strip_control

MESSAGE_ID = re.compile(r"<[^<>\s]+>")
AUTO_SUBJECT = re.compile(r"^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?(reply|response)|auto:|"
                          r"away from (the )?office|on vacation|abwesenheit|réponse automatique|absence)", re.I)
REMOVAL = re.compile(r"\b(unsubscribe|remove me|take me off|stop (e-?mailing|contacting|sending)|"
                     r"do not (contact|e-?mail) me|don'?t (contact|e-?mail) me|no (more|further) (e-?mails|pitches))\b",
                     re.I)
QUOTE_START = re.compile(r"^(On\b.{0,200}\bwrote:\s*$|-{2,}\s*Original Message\s*-{2,}|_{10,}\s*$|"
                         r"From:\s.+|Le .{0,200} a écrit\s?:|Am .{0,200} schrieb .{0,100}:)", re.I | re.M)
SIGNATURE_START = re.compile(r"^(-- ?|Sent from my \w+.*|Get Outlook for \w+.*)$", re.M)
MAX_TEXT = 50_000
MAX_REFERENCES = 50
MAX_FILES = 10


@dataclass
class Bounce:
    """A delivery status report: the addresses that failed and why, and the message it was about."""

    failed: dict[str, str]  # address -> diagnostic
    original_message_id: str = ""


@dataclass(frozen=True)
class IncomingFile:
    """A file an email carries, as the sender named it; no content when it was too large to keep."""

    name: str
    data: bytes
    size: int


@dataclass
class Incoming:
    """What the app needs of one incoming email."""

    message_id: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    from_address: str = ""
    from_name: str = ""
    subject: str = ""
    sent_at: datetime | None = None
    text: str = ""
    is_auto_reply: bool = False
    bounce: Bounce | None = None
    asks_removal: bool = False
    files: list[IncomingFile] = field(default_factory=list)


def header(message: Message, name: str) -> str:
    """A header as text; a malformed one gives what can be read, never an exception."""
    try:
        value = message.get(name, "")
    except (ValueError, TypeError, IndexError, LookupError, AttributeError):
        # The header parser gave up on it (e.g. a Message-ID of "<<<>>>"): take the raw text.
        value = next((raw for key, raw in message.raw_items() if key.lower() == name.lower()), "")
    return strip_control(str(value or ""))


def message_ids(text: str) -> list[str]:
    return MESSAGE_ID.findall(text or "")


def is_auto_reply(message: Message) -> bool:
    """Auto-Submitted (RFC 3834), the headers vacation programs set, or an out-of-office subject."""
    if header(message, "Auto-Submitted").strip().lower() not in ("", "no"):
        return True
    if any(header(message, name) for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder")):
        return True
    if header(message, "Precedence").strip().lower() in ("auto_reply", "bulk", "junk"):
        return True
    return bool(AUTO_SUBJECT.match(header(message, "Subject")))


def parse_bounce(message: Message) -> Bounce | None:
    """A DSN (multipart/report; report-type=delivery-status): its failed recipients."""
    if message.get_content_type() != "multipart/report":
        return None
    failed, original = {}, ""
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            for block in part.get_payload() or []:
                recipient = header(block, "Final-Recipient") or header(block, "Original-Recipient")
                if recipient and header(block, "Action").strip().lower() == "failed":
                    address = recipient.split(";", 1)[-1].strip().strip("<>").lower()
                    diagnostic = header(block, "Diagnostic-Code").split(";", 1)[-1].strip()
                    failed[address] = (f"{header(block, 'Status')} {diagnostic}").strip()[:1000]
        elif kind in ("message/rfc822", "text/rfc822-headers") and not original:
            inner = part.get_payload(0) if kind == "message/rfc822" else email.message_from_string(
                part.get_payload(decode=True).decode("utf-8", "replace"), policy=email.policy.default)
            original = (message_ids(header(inner, "Message-ID")) or [""])[0]
    return Bounce(failed, original) if failed else None


def body_text(message: EmailMessage) -> str:
    """The plain text of the message, or its HTML sanitised and turned to text."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, ValueError, TypeError):
        part = None
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset or a broken encoding
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace")
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return content


def trim_reply(text: str) -> str:
    """The new words alone: quoted history ("On ... wrote:", "> " lines) and the signature cut off."""
    text = strip_control(text.replace("\r\n", "\n"))
    quote = QUOTE_START.search(text)
    if quote and quote.start() > 0:
        text = text[:quote.start()]
    signature = SIGNATURE_START.search(text)
    if signature and signature.start() > 0:
        text = text[:signature.start()]
    lines = [line for line in text.split("\n") if not line.startswith(">")]
    return "\n".join(lines).strip()[:MAX_TEXT]


def parse_message(raw: bytes, *, body_loaded: bool = True, size: int = 0) -> Incoming:
    """Read one raw email (or its headers alone, when it was too large to load)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    names = getaddresses([header(message, "From")])
    name, address = names[0] if names else ("", "")
    incoming = Incoming(
        message_id=(message_ids(header(message, "Message-ID")) or [""])[0][:300],
        # The direct parent, then the thread's newest ancestors: enough to match, never thousands to look up.
        in_reply_to=(message_ids(header(message, "In-Reply-To"))[:5]
                     + message_ids(header(message, "References"))[-MAX_REFERENCES:]),
        from_address=address.strip().lower()[:320], from_name=name[:300],
        subject=header(message, "Subject")[:500], sent_at=sent_date(message),
        is_auto_reply=is_auto_reply(message),
    )
    if not body_loaded:
        incoming.text = f"(This message is {size / 1_048_576:.1f} MB, too large to load here: read it in the mailbox.)"
        return incoming
    incoming.bounce = parse_bounce(message)
    incoming.text = trim_reply(body_text(message))
    incoming.asks_removal = bool(REMOVAL.search(incoming.text))
    incoming.files = attached_files(message)
    return incoming


def attached_files(message: EmailMessage) -> list[IncomingFile]:
    """The files attached to the message (not the pictures a signature shows inline), ten at most."""
    files = []
    try:
        parts = list(message.iter_attachments())
    except (KeyError, ValueError, TypeError, AttributeError):  # a multipart without parts, a broken boundary
        return files
    for part in parts:
        if part.get_content_disposition() == "inline" or not (part.get_filename() or
                                                               part.get_content_disposition() == "attachment"):
            continue
        try:
            data = part.get_payload(decode=True) or b""
        except (LookupError, ValueError, AssertionError, TypeError):
            data = b""
        name = strip_control(part.get_filename() or "attachment")
        files.append(IncomingFile(name, data if len(data) <= MAX_FILE_BYTES else b"", len(data)))
        if len(files) == MAX_FILES:
            break
    return files


def sent_date(message: Message) -> datetime | None:
    try:
        when = parsedate_to_datetime(header(message, "Date"))
    except (TypeError, ValueError, IndexError):
        return None
    return when.astimezone(timezone.utc) if when.tzinfo else when.replace(tzinfo=timezone.utc)
