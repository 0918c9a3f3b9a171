"""Bloggers' replies from scripts: an entry's replies with their files, one logged by hand, the
messages waiting for our answer, and marking one answered. The same rules as the pages."""

from __future__ import annotations

import base64
from datetime import timedelta, timezone

from flask import current_app, g, jsonify
from sqlmodel import select

from outreach.core.mail.parse import MAX_FILE_BYTES
from outreach.core.mail.reply_files import files_of_replies
from outreach.core.mail.speed import mark_answered, waiting_answers
from outreach.core.models import Reply, ReplyFile, utcnow
from outreach.core.pipeline import log_reply
from outreach.core.stages import commit_entry_change
from outreach.web.api.contact_schemas import (
    ReplyCreate,
    ReplyFileContent,
    ReplyFileOut,
    ReplyOut,
    WaitingOut,
)
from outreach.web.api.http import ApiError, parse_body
from outreach.web.api.queries import entry_or_error, get_or_404
from outreach.web.api.spec import operation
from outreach.web.db import get_session

CLOCK_SKEW = timedelta(minutes=5)  # a sender's clock a little ahead is not a reply from the future


def file_out(row: ReplyFile) -> ReplyFileOut:
    return ReplyFileOut(id=row.id, name=row.name, content_type=row.content_type, size=row.size,
                        kept=row.size <= MAX_FILE_BYTES)


def replies_out(replies: list[Reply]) -> list[ReplyOut]:
    """Replies as ReplyOut says, each with the files it carried."""
    files = files_of_replies(get_session(), [reply.id for reply in replies])
    return [ReplyOut.model_validate(reply).model_copy(update={"files": [file_out(row) for row in
                                                                        files.get(reply.id, [])]})
            for reply in replies]


@operation("GET", "/entries/<int:entry_id>/replies",
           "An entry's replies, newest first: logged by hand or read from a mailbox (with their files)",
           response=ReplyOut, list_response=True, errors=(403,))
def list_replies(entry_id: int):
    entry = entry_or_error(entry_id)
    replies = get_session().exec(select(Reply).where(Reply.entry_id == entry.id)
                                 .order_by(Reply.received_at.desc(), Reply.id.desc())).all()
    return jsonify([reply.model_dump(mode="json") for reply in replies_out(list(replies))])


@operation("POST", "/entries/<int:entry_id>/replies",
           "Log a reply received outside the app's mailboxes; it answers the latest pitch and moves a "
           "pitched card to Responded", body=ReplyCreate, response=ReplyOut, status=201, errors=(403, 409))
def create_reply(entry_id: int):
    entry = entry_or_error(entry_id)
    data = parse_body(ReplyCreate)
    if not data.summary.strip():
        raise ApiError(422, "Write what they said: summary is empty.")
    received_at = data.received_at.astimezone(timezone.utc) if data.received_at else None
    if received_at is not None and received_at > utcnow() + CLOCK_SKEW:
        raise ApiError(422, "received_at is in the future.")
    session = get_session()
    reply = log_reply(session, g.api_user, entry, channel=data.channel, summary=data.summary,
                      sentiment=data.sentiment, received_at=received_at)
    commit_entry_change(session)
    return jsonify(replies_out([reply])[0].model_dump(mode="json")), 201


@operation("GET", "/replies/waiting",
           "Bloggers' emails nobody has answered, oldest first, with how long each has waited (yours to see: "
           "every campaign's for managers, your campaigns' for staff)", response=WaitingOut, list_response=True)
def list_waiting():
    session = get_session()
    rows = waiting_answers(session, g.api_user, current_app.config, utcnow())
    shown = replies_out([row.reply for row in rows])
    return jsonify([WaitingOut(reply=reply, campaign_id=row.campaign.id, campaign_name=row.campaign.name,
                               blogger_id=row.blogger.id, blogger_name=row.name, owner_id=row.entry.owner_id,
                               working_hours=round(row.working_hours, 2), hours=round(row.hours, 2),
                               overdue=row.overdue).model_dump(mode="json")
                    for row, reply in zip(rows, shown)])


@operation("POST", "/replies/<int:reply_id>/answered",
           "Mark a reply answered (by phone, from another mailbox) or needing no answer: off the waiting list",
           response=ReplyOut, errors=(403,))
def answer_reply(reply_id: int):
    reply = get_or_404(Reply, reply_id, "reply")
    entry_or_error(reply.entry_id)
    session = get_session()
    if reply.answered_at is None:
        mark_answered(session, reply, utcnow())
        session.commit()
    return jsonify(replies_out([reply])[0].model_dump(mode="json"))


@operation("GET", "/replies/files/<int:file_id>", "A file a reply carried, with its content in base64",
           response=ReplyFileContent, errors=(403,))
def read_reply_file(file_id: int):
    row = get_or_404(ReplyFile, file_id, "reply file")
    entry_or_error(get_session().get(Reply, row.reply_id).entry_id)
    shown = file_out(row).model_dump()
    return jsonify(ReplyFileContent(**shown, content_base64=base64.b64encode(row.data).decode("ascii"))
                   .model_dump(mode="json"))
