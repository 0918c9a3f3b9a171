"""Answering a blogger's message from the app: a draft in its thread ("Re:", their words quoted),
then into the outbox through the guards every email takes, but neither the recent-pitch guard
(they wrote to us) nor a follow-up sequence (a conversation is not a campaign step)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from outreach.core.mail.pitching import SendRefused, add_to_outbox, check_message, queue_pitch
from outreach.core.models import Blogger, Mailbox, OutboxMessage, PipelineEntry, Reply, User
from outreach.core.time_zones import DEFAULT_ZONE, in_zone


@dataclass
class AnswerDraft:
    to_address: str
    subject: str
    body: str


def re_subject(subject: str) -> str:
    subject = subject.strip()
    return subject if subject.lower().startswith("re:") else f"Re: {subject}" if subject else ""


def answer_draft(session: Session, reply: Reply, zone: str = DEFAULT_ZONE) -> AnswerDraft:
    """To whoever wrote, "Re:" their subject (else our last email's), their words quoted under, the
    time they wrote read on the clock of `zone` (the one answering)."""
    ours = session.exec(select(OutboxMessage).where(OutboxMessage.entry_id == reply.entry_id,
                                                    OutboxMessage.status == "sent")
                        .order_by(OutboxMessage.sent_at.desc())).first()
    subject = re_subject(reply.subject or (ours.subject if ours else ""))
    quoted = "\n".join(f"> {line}" if line else ">" for line in reply.summary.splitlines())
    who = reply.from_address or "you"
    return AnswerDraft(reply.from_address or (ours.to_address if ours else ""), subject,
                       f"\n\nOn {in_zone(reply.received_at, zone):%Y-%m-%d %H:%M %Z}, {who} wrote:\n{quoted}\n")


def queue_answer(session: Session, user: User, reply: Reply, mailbox: Mailbox, *, to_address: str, subject: str,
                 body: str, send_at: datetime | None = None, template_id: int | None = None,
                 file_ids: list[int] = ()) -> OutboxMessage:
    """Check the guards and put the answer in the outbox, in the thread of the blogger's message;
    sent, it is logged as a follow-up and takes the message off the waiting list."""
    entry = session.get(PipelineEntry, reply.entry_id)
    blogger = session.get(Blogger, entry.blogger_id)
    if not reply.message_id:
        raise SendRefused("This reply was logged by hand, so there is no email to answer in its thread: send an "
                          "email instead.")
    to_address = check_message(session, blogger, mailbox, to_address, subject, body)
    return add_to_outbox(session, user, entry, mailbox, to_address=to_address, subject=subject, body=body,
                         send_at=send_at, template_id=template_id, action="queued_answer",
                         in_reply_to=reply.message_id, file_ids=file_ids, reply_id=reply.id)


def queue_email(session: Session, user: User, entry: PipelineEntry, mailbox: Mailbox, *, reply: Reply | None,
                to_address: str, subject: str, body: str, guard_days: int, contact_again: bool = False,
                send_at: datetime | None = None, template_id: int | None = None,
                file_ids: list[int] = ()) -> OutboxMessage:
    """What a person sends from an entry (the send page, the API): a pitch, or with `reply` an answer
    in that message's thread, which neither the recent-pitch guard nor a sequence applies to; either
    may attach the campaign's files."""
    if reply is not None:
        return queue_answer(session, user, reply, mailbox, to_address=to_address, subject=subject, body=body,
                            send_at=send_at, template_id=template_id, file_ids=file_ids)
    return queue_pitch(session, user, entry, mailbox, to_address=to_address, subject=subject, body=body,
                       guard_days=guard_days, contact_again=contact_again, send_at=send_at, template_id=template_id,
                       file_ids=file_ids)
