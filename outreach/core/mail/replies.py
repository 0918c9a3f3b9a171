"""Replies come back: each new message of a mailbox matched to its pitch by In-Reply-To and
References (else by the sender's address to a known contact) and logged as the blogger's reply,
with the files it carries;
auto-replies postpone the sequence, bounces mark the address failing, "please remove me" is
proposed for the do-not-contact list."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Mapping

from sqlalchemy import func
from sqlmodel import Session, select

from outreach.core.alerts import alert
from outreach.core.mail.parse import Incoming
from outreach.core.mail.reply_files import keep_reply_files
from outreach.core.mail.sequences import postpone_sequence, stop_sequence
from outreach.core.models import (
    Blogger,
    ContactDetail,
    Mailbox,
    Note,
    Notification,
    OutboxMessage,
    PipelineEntry,
    Pitch,
    Reply,
    User,
)
from outreach.core.pipeline import log_reply

AUTO_REPLY_POSTPONE = timedelta(days=3)


def entry_by_thread(session: Session, ids: list[str]) -> PipelineEntry | None:
    """The entry whose message this one answers (its In-Reply-To or References)."""
    if not ids:
        return None
    entry_id = session.exec(select(OutboxMessage.entry_id).where(OutboxMessage.message_id.in_(ids))).first() \
        or session.exec(select(Pitch.entry_id).where(Pitch.message_id.in_(ids))).first()
    return session.get(PipelineEntry, entry_id) if entry_id else None


def entry_by_sender(session: Session, address: str) -> PipelineEntry | None:
    """The most recently contacted entry of the blogger with this email address."""
    if not address:
        return None
    return session.exec(
        select(PipelineEntry).join(ContactDetail, ContactDetail.blogger_id == PipelineEntry.blogger_id)
        .where(ContactDetail.kind == "email", func.lower(ContactDetail.value) == address)
        .order_by(PipelineEntry.last_contact_at.desc().nulls_last(), PipelineEntry.id.desc())
    ).first()


def acting_user(session: Session, mailbox: Mailbox, entry: PipelineEntry) -> User | None:
    """Whom the reply is logged as received by: the mailbox's owner, else the card's, else the pitcher."""
    sender = session.exec(select(Pitch.sent_by_id).where(Pitch.entry_id == entry.id, Pitch.sent_by_id.is_not(None))
                          .order_by(Pitch.sent_at.desc())).first()
    for user_id in (mailbox.owner_id, entry.owner_id, sender):
        if user_id and (user := session.get(User, user_id)) is not None:
            return user
    return session.exec(select(User).where(User.role == "admin").order_by(User.id)).first()


def take_message(session: Session, mailbox: Mailbox, incoming: Incoming, arrived_at: datetime,
                 settings: Mapping[str, Any] | None = None, emails: list | None = None, found_in: str = "") -> str:
    """Act on one incoming message; returns what it was: reply, auto_reply, bounce, own, duplicate or
    unmatched. A reply alerts the card's owner at once (saying so when it was `found_in` a folder other
    than INBOX); its email (with `settings` of a mail server) goes into `emails`, for the caller to send
    once the read is committed."""
    if incoming.bounce is not None:
        mark_bounced(session, incoming, arrived_at)
        return "bounce"
    if incoming.from_address == mailbox.email_address.lower():
        return "own"  # our own copy (a Bcc to ourselves, a server that files sent mail in INBOX)
    if incoming.message_id and session.exec(select(Reply.id).where(Reply.message_id == incoming.message_id)).first():
        return "duplicate"
    entry = entry_by_thread(session, incoming.in_reply_to) or entry_by_sender(session, incoming.from_address)
    if entry is None:
        return "unmatched"
    if incoming.is_auto_reply:
        postpone_sequence(session, entry.id, AUTO_REPLY_POSTPONE)
        session.add(Note(blogger_id=entry.blogger_id, entry_id=entry.id, created_at=arrived_at,
                         body=f"Auto-reply from {incoming.from_address}: {incoming.subject}\n\n{incoming.text}"[:20_000],
                         details={"kind": "auto_reply", "message_id": incoming.message_id}))
        return "auto_reply"
    reply = log_received(session, mailbox, entry, incoming, arrived_at)
    email = tell_of_reply(session, settings or {}, mailbox, entry, reply, incoming, found_in)
    if emails is not None and email is not None:
        emails.append(email)
    return "reply"


def log_received(session: Session, mailbox: Mailbox, entry: PipelineEntry, incoming: Incoming,
                 arrived_at: datetime) -> Reply:
    """Log the blogger's reply, stop the sequence, and propose do-not-contact if they asked."""
    user = acting_user(session, mailbox, entry)
    summary = incoming.text or f"(No text; subject: {incoming.subject})"
    reply = log_reply(session, user, entry, channel="email", summary=summary, sentiment="neutral",
                      received_at=arrived_at)
    reply.message_id, reply.from_address, reply.asks_removal = (incoming.message_id, incoming.from_address,
                                                                incoming.asks_removal)
    reply.subject = incoming.subject[:500]
    session.add(reply)
    session.flush()
    keep_reply_files(session, reply, incoming.files)
    stop_sequence(session, entry.id, "the blogger replied")
    if incoming.asks_removal:
        propose_do_not_contact(session, entry, user, incoming)
    return reply


def tell_of_reply(session: Session, settings: Mapping[str, Any], mailbox: Mailbox, entry: PipelineEntry,
                  reply: Reply, incoming: Incoming, found_in: str = ""):
    """Alert whoever works the card (its owner, else whom the reply is logged as received by) the
    moment a reply is read: answering fast is what a relationship is judged on."""
    person = session.get(User, entry.owner_id) if entry.owner_id else None
    if person is None or not person.is_active:
        person = acting_user(session, mailbox, entry)
    if person is None or not person.is_active:
        return None
    blogger = session.get(Blogger, entry.blogger_id)
    title = (f"{blogger.name or incoming.from_address} replied" + (f" (found in {found_in})" if found_in else "")
             + (f": {incoming.subject}" if incoming.subject else ""))
    return alert(session, settings, person, "reply", title[:500], reply.summary[:500], f"/campaigns/entries/{entry.id}/",
                 email_body=reply.summary[:2000])


def propose_do_not_contact(session: Session, entry: PipelineEntry, user: User | None, incoming: Incoming) -> None:
    """Ask the card's owner and the admins (who keep the list) to put the blogger on do-not-contact."""
    blogger = session.get(Blogger, entry.blogger_id)
    if blogger.do_not_contact:
        return
    admins = session.exec(select(User.id).where(User.role == "admin", User.is_active)).all()
    for user_id in dict.fromkeys([entry.owner_id or (user.id if user else None), *admins]):
        if user_id is not None:
            session.add(Notification(user_id=user_id, kind="do_not_contact",
                                     title=f"{blogger.name or incoming.from_address} asked not to be contacted",
                                     body=f"Their reply: {incoming.text[:500]}\nAdd them to the do-not-contact list?",
                                     url=f"/bloggers/{blogger.id}/"))


def mark_bounced(session: Session, incoming: Incoming, arrived_at: datetime) -> None:
    """Every failed address is marked failing; the bounced message's sequence stops."""
    for address, diagnostic in incoming.bounce.failed.items():
        for detail in session.exec(select(ContactDetail).where(ContactDetail.kind == "email",
                                                               func.lower(ContactDetail.value) == address)):
            detail.failing_since = detail.failing_since or arrived_at
            detail.failure = (diagnostic or "the receiving server refused it")[:1000]
            session.add(detail)
    original = incoming.bounce.original_message_id
    row = session.exec(select(OutboxMessage).where(OutboxMessage.message_id == original)).first() if original else None
    if row is not None:
        row.last_error = ("Bounced: " + "; ".join(f"{a} {d}" for a, d in incoming.bounce.failed.items()))[:2000]
        row.bounced_at = row.bounced_at or arrived_at
        session.add(row)
        stop_sequence(session, row.entry_id, "the address bounced")
