"""A campaign's files for its emails to attach (a press release, a lookbook): only kinds a blogger
can open safely, each checked by its content, never by the name or type an upload claims; an email
carries a few, within what mail servers take."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from sqlalchemy.orm import defer
from sqlmodel import Session, col, func, select

from outreach.core import audit
from outreach.core.access import can_manage
from outreach.core.errors import Refused
from outreach.core.models import CampaignFile, OutboxAttachment, OutboxMessage, PipelineEntry, User
from outreach.core.sanitize import strip_control

MEBIBYTE = 1024 * 1024
MAX_FILE_BYTES = 10 * MEBIBYTE
# Mail servers commonly refuse messages over 25 MB; base64 makes an attachment a third larger.
MAX_ATTACHED_BYTES = 15 * MEBIBYTE
MAX_ATTACHED_FILES = 10
# An email still on its way: removing a file it carries is refused (a failed or unsure one loses it,
# and sending it again is refused with the file's name).
WAITING_STATUSES = ("queued", "scheduled", "paused", "awaiting_approval", "sending")


@dataclass(frozen=True)
class FileKind:
    """What a file of one ending must be, and how it goes out."""

    content_type: str
    label: str
    magic: tuple[bytes, ...] = ()  # its content starts with one of these; none for plain text
    mark: tuple[int, bytes] | None = None  # and holds this at that offset (a WebP in its RIFF box)


ZIP = (b"PK\x03\x04",)
KINDS = {
    "pdf": FileKind("application/pdf", "PDF", (b"%PDF-",)),
    "png": FileKind("image/png", "PNG image", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": FileKind("image/jpeg", "JPEG image", (b"\xff\xd8\xff",)),
    "jpeg": FileKind("image/jpeg", "JPEG image", (b"\xff\xd8\xff",)),
    "gif": FileKind("image/gif", "GIF image", (b"GIF87a", b"GIF89a")),
    "webp": FileKind("image/webp", "WebP image", (b"RIFF",), (8, b"WEBP")),
    "docx": FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document", ZIP),
    "xlsx": FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook", ZIP),
    "pptx": FileKind("application/vnd.openxmlformats-officedocument.presentationml.presentation",
                     "PowerPoint presentation", ZIP),
    "odt": FileKind("application/vnd.oasis.opendocument.text", "OpenDocument text", ZIP),
    "ods": FileKind("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet", ZIP),
    "odp": FileKind("application/vnd.oasis.opendocument.presentation", "OpenDocument presentation", ZIP),
    "zip": FileKind("application/zip", "zip archive", ZIP),
    "txt": FileKind("text/plain; charset=utf-8", "text file"),
    "csv": FileKind("text/csv; charset=utf-8", "CSV file"),
}


class FileRefused(Refused):
    """The file was not kept or not attached; the message says why."""


class NotFileRemover(FileRefused):
    """Only the person who added a file, or a manager, removes it."""


class FileInUse(FileRefused):
    """An email waiting to go attaches the file."""


def megabytes(size: int) -> str:
    """A size for people: 1.4 MB, 820 KB."""
    if size >= MEBIBYTE:
        return f"{size / MEBIBYTE:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def clean_name(filename: str) -> str:
    """The upload's name without folders, control characters or characters a mail app or a file
    system stumbles on; at most 200 characters with its ending kept."""
    base = PureWindowsPath(PurePosixPath(strip_control(filename or "")).name).name
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r'[<>:"/\\|?*]', "_", base).strip().strip(".")
    stem, dot, ending = base.rpartition(".")
    if not dot:
        return base[:200]
    return f"{stem[:200 - len(ending) - 1]}.{ending}"


def kind_of(name: str) -> FileKind:
    """The kind a name's ending says, or a refusal naming the kinds taken."""
    ending = name.rpartition(".")[2].lower() if "." in name else ""
    if ending not in KINDS:
        taken = ", ".join(sorted({kind.label for kind in KINDS.values()}))
        said = f"a .{ending} file" if ending else "a file without an ending such as .pdf"
        raise FileRefused(f"{name or 'That file'} is {said}; emails attach these kinds only: {taken}.")
    return KINDS[ending]


def check_content(name: str, kind: FileKind, data: bytes) -> None:
    """The content is what its name says: a PDF starts as a PDF; plain text is UTF-8 without NULs."""
    if kind.magic:
        marked = kind.mark is None or data[kind.mark[0]:kind.mark[0] + len(kind.mark[1])] == kind.mark[1]
        if not data.startswith(kind.magic) or not marked:
            raise FileRefused(f"{name} is not a {kind.label}, whatever its name says: it was not added.")
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused(f"{name} is not text in UTF-8: save it as UTF-8 and add it again.") from None
    if "\x00" in text:
        raise FileRefused(f"{name} is not a {kind.label}: it holds binary data.")


def add_file(session: Session, user: User, campaign_id: int, filename: str, data: bytes) -> CampaignFile:
    """Keep an uploaded file for the campaign's emails, checked by its content. The caller commits."""
    name = clean_name(filename)
    if not name:
        raise FileRefused("Choose a file to add.")
    kind = kind_of(name)
    if not data:
        raise FileRefused(f"{name} is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(f"{name} is over {megabytes(MAX_FILE_BYTES)}, the most a file may be (a link to a larger one "
                          "travels better).")
    check_content(name, kind, data)
    taken = session.exec(select(CampaignFile.id).where(CampaignFile.campaign_id == campaign_id,
                                                       CampaignFile.name == name)).first()
    if taken is not None:
        raise FileRefused(f"This campaign has a file named {name} already: remove it first, or rename yours.")
    row = CampaignFile(campaign_id=campaign_id, name=name, content_type=kind.content_type, size=len(data), data=data,
                       uploaded_by_id=user.id)
    session.add(row)
    session.flush()
    audit.record(session, user, "added_file", "campaign_file", row.id, campaign_id=campaign_id, name=name,
                 size=len(data))
    return row


def files_of(session: Session, campaign_id: int) -> list[CampaignFile]:
    """The campaign's files by name, their content left unread."""
    return list(session.exec(select(CampaignFile).options(defer(CampaignFile.data))
                             .where(CampaignFile.campaign_id == campaign_id).order_by(CampaignFile.name)))


def waiting_uses(session: Session, file_id: int) -> int:
    """How many emails still on their way carry the file."""
    return session.exec(select(func.count()).select_from(OutboxAttachment)
                        .join(OutboxMessage, OutboxMessage.id == OutboxAttachment.outbox_message_id)
                        .where(OutboxAttachment.file_id == file_id,
                               col(OutboxMessage.status).in_(WAITING_STATUSES))).one()


def remove_file(session: Session, user: User, row: CampaignFile) -> None:
    """Remove a file its adder or a manager no longer wants; emails on their way keep it, so it
    stays while one carries it. Sent emails still name it. The caller commits."""
    if row.uploaded_by_id != user.id and not can_manage(user):
        raise NotFileRemover("Only the person who added a file, or a manager, removes it.")
    waiting = waiting_uses(session, row.id)
    if waiting:
        raise FileInUse(f"{waiting} email{'s' if waiting != 1 else ''} waiting to go attach{'es' if waiting == 1 else ''} "
                          f"{row.name}: send or cancel {'them' if waiting != 1 else 'it'} first.")
    audit.record(session, user, "removed_file", "campaign_file", row.id, campaign_id=row.campaign_id, name=row.name)
    session.delete(row)


def move_files(session: Session, from_campaign_id: int, to_campaign_id: int, label: str) -> int:
    """A merged campaign's files join the one it is merged into (a name taken there gets the merged
    campaign's name after it), so that its emails still carry them; returns how many moved."""
    taken = {name.lower() for name in session.exec(select(CampaignFile.name)
                                                   .where(CampaignFile.campaign_id == to_campaign_id))}
    moved = files_of(session, from_campaign_id)
    for row in moved:
        if row.name.lower() in taken:
            stem, dot, ending = row.name.rpartition(".")
            row.name = clean_name(f"{stem} ({label}){dot}{ending}")
        taken.add(row.name.lower())
        row.campaign_id = to_campaign_id
        session.add(row)
    session.flush()
    return len(moved)


def copy_files(session: Session, from_campaign_id: int, to_campaign_id: int) -> int:
    """A copied campaign starts with the source's files (its press kit); returns how many."""
    rows = session.exec(select(CampaignFile).where(CampaignFile.campaign_id == from_campaign_id)).all()
    session.add_all([CampaignFile(campaign_id=to_campaign_id, name=row.name, content_type=row.content_type,
                                  size=row.size, data=row.data, uploaded_by_id=row.uploaded_by_id) for row in rows])
    return len(rows)


def attach_files(session: Session, message: OutboxMessage, file_ids: list[int]) -> list[OutboxAttachment]:
    """The email carries these files of its entry's campaign, within what mail servers take. The
    caller commits."""
    wanted = list(dict.fromkeys(file_ids))
    if not wanted:
        return []
    if len(wanted) > MAX_ATTACHED_FILES:
        raise FileRefused(f"An email attaches {MAX_ATTACHED_FILES} files at most.")
    campaign_id = session.get(PipelineEntry, message.entry_id).campaign_id
    found = {row.id: row for row in session.exec(select(CampaignFile).options(defer(CampaignFile.data))
                                                 .where(col(CampaignFile.id).in_(wanted),
                                                        CampaignFile.campaign_id == campaign_id))}
    missing = [file_id for file_id in wanted if file_id not in found]
    if missing:
        raise FileRefused(f"No file {', '.join(map(str, missing))} in this campaign to attach: it may have been removed.")
    total = sum(row.size for row in found.values())
    if total > MAX_ATTACHED_BYTES:
        raise FileRefused(f"The files come to {megabytes(total)}; an email carries {megabytes(MAX_ATTACHED_BYTES)} at "
                          "most, so attach fewer or send a link.")
    attached = [OutboxAttachment(outbox_message_id=message.id, file_id=file_id, name=found[file_id].name,
                                 size=found[file_id].size) for file_id in wanted]
    session.add_all(attached)
    session.flush()
    return attached


def attachments_of(session: Session, message_ids: list[int]) -> dict[int, list[OutboxAttachment]]:
    """The files each of these emails carries, in the order they were attached."""
    carried: dict[int, list[OutboxAttachment]] = {}
    if message_ids:
        for row in session.exec(select(OutboxAttachment).where(col(OutboxAttachment.outbox_message_id).in_(message_ids))
                                .order_by(OutboxAttachment.id)):
            carried.setdefault(row.outbox_message_id, []).append(row)
    return carried


def removed_attachments(session: Session, message_id: int) -> list[str]:
    """The names of files the email was to carry that were removed since."""
    return list(session.exec(select(OutboxAttachment.name).where(OutboxAttachment.outbox_message_id == message_id,
                                                                 col(OutboxAttachment.file_id).is_(None))))


def files_to_send(session: Session, message_id: int) -> list[CampaignFile]:
    """The files the email carries, content and all, in the order they were attached."""
    return list(session.exec(select(CampaignFile).join(OutboxAttachment, OutboxAttachment.file_id == CampaignFile.id)
                             .where(OutboxAttachment.outbox_message_id == message_id).order_by(OutboxAttachment.id)))
