"""Sending a pitch from an entry: the guards of a logged pitch (do-not-contact, recent contact,
unfilled merge fields, a bouncing address), then into the outbox with its Message-ID fixed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.access import can_manage
from outreach.core.address_requests import ADDRESS_LINK, planned_sample
from outreach.core.blocked_domains import block_of, blocks_of, refusal_for
from outreach.core.campaign_files import attach_files
from outreach.core.claims import release
from outreach.core.errors import Refused
from outreach.core.mail.compose import new_message_id, valid_address
from outreach.core.mail.outbox import record_sent
from outreach.core.models import (
    Blogger,
    Campaign,
    ContactDetail,
    Mailbox,
    OutboxMessage,
    PipelineEntry,
    Pitch,
    User,
    utcnow,
)
from outreach.core.pitch_templates import left_to_fill, placeholders, template_used
from outreach.core.stages import refuse_if_do_not_contact

SEND_AT_MAX = timedelta(days=365)
SEND_AT_SLACK = timedelta(minutes=10)  # a time picked on the page a few minutes ago is "now"


class SendRefused(Refused):
    """The email was not queued; the message says why."""


@dataclass(frozen=True)
class KnownAddress:
    """One of a blogger's email addresses, and why it would not do."""

    value: str
    failing_since: datetime | None  # it bounced
    blocked_domain: str = ""  # it is at a domain the team never emails

    @property
    def works(self) -> bool:
        return self.failing_since is None and not self.blocked_domain


def blogger_addresses(session: Session, blogger_id: int) -> list[KnownAddress]:
    """The blogger's known email addresses, working ones first."""
    rows = session.exec(select(ContactDetail).where(ContactDetail.blogger_id == blogger_id,
                                                    ContactDetail.kind == "email").order_by(ContactDetail.id)).all()
    blocked = blocks_of(session, [row.value for row in rows])
    known = [KnownAddress(row.value, row.failing_since, blocked[row.value].domain if row.value in blocked else "")
             for row in rows]
    return sorted(known, key=lambda address: not address.works)


def first_working_address(addresses: list[KnownAddress]) -> str:
    """The first of blogger_addresses that neither bounced nor is at a blocked domain, or "" when none
    is (or none is known)."""
    return next((address.value for address in addresses if address.works), "")


def refuse_unfilled(subject: str, body: str) -> None:
    """An email never goes with a {{ merge field }} still in it."""
    unfilled = left_to_fill(f"{subject}\n{body}")
    if unfilled:
        raise SendRefused("Fill these merge fields first: " + ", ".join(f"{{{{ {name} }}}}" for name in unfilled) + ".")


def check_message(session: Session, blogger: Blogger, mailbox: Mailbox, to_address: str, subject: str,
                  body: str) -> str:
    """The guards every email a person writes goes through (do-not-contact, the address, a blocked
    domain, a bounce, unfilled merge fields, a subject, a connected mailbox); returns the address trimmed."""
    refuse_if_do_not_contact(blogger, "the email was not sent")
    to_address = to_address.strip()
    if not valid_address(to_address):
        raise SendRefused(f"{to_address or 'The address'} is not an email address.")
    block = block_of(session, to_address)
    if block is not None:
        raise SendRefused(f"{refusal_for(block)}: the email was not sent.")
    failing = session.exec(select(ContactDetail).where(ContactDetail.blogger_id == blogger.id,
                                                       ContactDetail.value == to_address,
                                                       ContactDetail.failing_since.is_not(None))).first()
    if failing is not None:
        raise SendRefused(f"{to_address} bounced on {failing.failing_since:%Y-%m-%d} ({failing.failure}): "
                          "pick another address.")
    refuse_unfilled(subject, body)
    if not subject.strip():
        raise SendRefused("Write a subject.")
    if not mailbox.connected:
        raise SendRefused(f"The mailbox {mailbox.name} is not connected.")
    return to_address


def send_time(send_at: datetime | None) -> datetime:
    """When a message a person times goes: now when they gave no time (or one a few minutes past);
    a time further back or more than a year ahead is refused as a slip."""
    now = utcnow()
    if send_at is None:
        return now
    if not now - SEND_AT_SLACK <= send_at <= now + SEND_AT_MAX:
        raise SendRefused(f"Pick a time to send from now to {(now + SEND_AT_MAX):%Y-%m-%d} (UTC), or leave it empty to "
                          "send now.")
    return max(send_at, now)


def recent_pitch(session: Session, blogger_id: int, guard_days: int) -> Pitch | None:
    since = utcnow() - timedelta(days=guard_days)
    return session.exec(select(Pitch).join(PipelineEntry, PipelineEntry.id == Pitch.entry_id)
                        .where(PipelineEntry.blogger_id == blogger_id, Pitch.sent_at >= since)
                        .order_by(Pitch.sent_at.desc())).first()


def queue_pitch(session: Session, user: User, entry: PipelineEntry, mailbox: Mailbox, *, to_address: str,
                subject: str, body: str, guard_days: int, contact_again: bool = False,
                send_at: datetime | None = None, template_id: int | None = None,
                file_ids: list[int] = ()) -> OutboxMessage:
    """Check the guards and put the pitch (with the campaign's files it attaches) in the outbox; the scheduler sends it at once, or at
    `send_at` (UTC), always within the mailbox's sending hours and daily limit."""
    blogger = session.get(Blogger, entry.blogger_id)
    to_address = check_message(session, blogger, mailbox, to_address, subject, body)
    waiting = session.exec(select(OutboxMessage).where(
        OutboxMessage.entry_id == entry.id, OutboxMessage.step == 1, OutboxMessage.is_answer.is_(False),
        OutboxMessage.status.in_(("queued", "sending", "unsure", "awaiting_approval")))).first()
    if waiting is not None:
        raise SendRefused(f"A pitch to {waiting.to_address} is already {waiting.status.replace('_', ' ')} for this "
                          "entry: see the queue before sending another.")
    recent = recent_pitch(session, blogger.id, guard_days)
    if recent is not None and not contact_again:
        raise SendRefused(f"{blogger.name or 'This blogger'} was pitched {(utcnow() - recent.sent_at).days} days ago "
                          f"(guard: {guard_days} days): tick \"Contact again anyway\" to send.")
    return add_to_outbox(session, user, entry, mailbox, to_address=to_address, subject=subject, body=body,
                         send_at=send_at, template_id=template_id, action="queued_email", file_ids=file_ids,
                         status="awaiting_approval" if needs_approval(user, session.get(Campaign, entry.campaign_id))
                         else "queued")


def needs_approval(user: User, campaign: Campaign) -> bool:
    """Whether this person's pitch waits for a manager: staff, in a campaign whose pitches a manager approves."""
    return campaign.pitches_need_approval and not can_manage(user)


def add_to_outbox(session: Session, user: User, entry: PipelineEntry, mailbox: Mailbox, *, to_address: str,
                  subject: str, body: str, send_at: datetime | None, template_id: int | None, action: str,
                  in_reply_to: str = "", status: str = "queued", file_ids: list[int] = (),
                  **audited) -> OutboxMessage:
    """A message a person wrote, its guards passed, queued (or awaiting a manager's approval) as the
    first of its thread (a pitch, or with `in_reply_to` an answer) with its Message-ID fixed, and
    audited as `action`."""
    if ADDRESS_LINK in placeholders(f"{subject}\n{body}") and planned_sample(session, entry.id) is None:
        raise SendRefused("{{ address_link }} gives them a link for the address of a planned sample, and none is "
                          "planned: record the sample first (Send a sample, without a sent date).")
    row = OutboxMessage(mailbox_id=mailbox.id, entry_id=entry.id, created_by_id=user.id,
                        message_id=new_message_id(mailbox), in_reply_to=in_reply_to, to_address=to_address,
                        subject=subject.strip(), body=body, step=1, is_answer=bool(in_reply_to), status=status,
                        send_after=send_time(send_at), template_id=template_used(session, template_id))
    session.add(row)
    session.flush()
    attached = attach_files(session, row, list(file_ids))
    if attached:
        audited["files"] = [file.name for file in attached]
    audit.record(session, user, action, "outbox_message", row.id, entry_id=entry.id, to=to_address, **audited)
    return row


def change_queued(session: Session, user: User, row: OutboxMessage, action: str, **fields) -> None:
    """A person edits, pauses, resumes, cancels or resends a message not yet sent."""
    if row.status in ("sent", "sending", "cancelled"):
        raise SendRefused(f"This message is {row.status}: it cannot be changed.")
    if action == "edit":
        refuse_unfilled(fields["subject"], fields["body"])
        row.subject, row.body = fields["subject"].strip(), fields["body"]
        # The time as the page showed it (to the second, or a browser's minute) stands, even when
        # past (a failed message retried); only a time the person moved is checked.
        shown = {row.send_after.replace(microsecond=0), row.send_after.replace(second=0, microsecond=0)}
        if fields.get("send_after") and fields["send_after"] not in shown:
            row.send_after = send_time(fields["send_after"])
        if (row.status == "queued" and row.step == 1 and not row.is_answer
                and needs_approval(user, session.get(Campaign, session.get(PipelineEntry, row.entry_id).campaign_id))):
            row.status = "awaiting_approval"  # what a manager approved is what goes: an edit asks again
    elif action == "pause":
        if row.status not in ("queued", "scheduled"):
            raise SendRefused(f"Only a message waiting to go out can be paused; this one is {row.status}.")
        row.status = "paused"
    elif action == "resume":
        if row.status != "paused":
            raise SendRefused(f"Only a paused message can be resumed; this one is {row.status}.")
        row.status = "queued" if row.step == 1 else "scheduled"
    elif action == "cancel":
        row.status, row.last_error = "cancelled", f"Cancelled by {user.display_name}."
    elif action == "retry":  # a failed or unsure one, same Message-ID so a receiver can tell a repeat
        if row.status not in ("failed", "unsure"):
            raise SendRefused("Only a failed or unsure message can be sent again.")
        row.status, row.attempts, row.send_after, row.last_error = ("queued" if row.step == 1 else "scheduled"), 0, utcnow(), ""
        release(row)  # an unsure row's lease is the wait between looks in Sent: not for a person's retry
    elif action == "mark_sent":  # found in the Sent folder after a cut-off send: record it, send nothing
        if row.status != "unsure":
            raise SendRefused("Only a message whose sending was cut off can be marked sent.")
        record_sent(session, row, row.send_after)
    else:
        raise SendRefused("Unknown action.")
    session.add(row)
    audit.record(session, user, f"{action}_email", "outbox_message", row.id, entry_id=row.entry_id)
