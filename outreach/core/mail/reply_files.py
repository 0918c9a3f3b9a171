"""Files a blogger's reply carries (a media kit, a rate card, an invoice): kept with the reply and
only ever handed back as downloads, typed by what their content shows."""

from __future__ import annotations

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from outreach.core.campaign_files import FileRefused, check_content, clean_name, kind_of
from outreach.core.mail.parse import IncomingFile
from outreach.core.models import Reply, ReplyFile

UNKNOWN_TYPE = "application/octet-stream"


def checked_type(name: str, data: bytes) -> str:
    """The type a known kind's content shows; any other file is bytes to download."""
    try:
        kind = kind_of(name)
        check_content(name, kind, data)
    except FileRefused:
        return UNKNOWN_TYPE
    return kind.content_type


def keep_reply_files(session: Session, reply: Reply, files: list[IncomingFile]) -> None:
    """The reply's files, kept with it; one too large is named, its content left in the mailbox. The
    caller commits."""
    session.add_all([ReplyFile(reply_id=reply.id, name=clean_name(file.name) or "attachment", size=file.size,
                               data=file.data, content_type=checked_type(file.name, file.data) if file.data
                               else UNKNOWN_TYPE) for file in files])


def files_of_replies(session: Session, reply_ids: list[int]) -> dict[int, list[ReplyFile]]:
    """Each reply's files by name and size, their content left unread."""
    found: dict[int, list[ReplyFile]] = {}
    if reply_ids:
        for row in session.exec(select(ReplyFile).options(defer(ReplyFile.data))
                                .where(col(ReplyFile.reply_id).in_(reply_ids)).order_by(ReplyFile.id)):
            found.setdefault(row.reply_id, []).append(row)
    return found
