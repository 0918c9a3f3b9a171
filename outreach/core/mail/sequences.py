"""Follow-up sequences: a campaign's steps queued once its pitch is sent, each sent unless the
blogger replied, the card left the pitching stages or a person stopped it; every mailbox keeps
to its sending window and its daily limit."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func
from sqlmodel import Session, select

from outreach.core.models import (
    Blogger,
    Mailbox,
    OutboxMessage,
    PipelineEntry,
    Reply,
    SequenceStep,
    Stage,
    User,
)
from outreach.core.pitch_templates import fill, merge_values
from outreach.core.stages import EARLY_STAGE_KINDS
from outreach.core.time_zones import in_zone, moment_at

PITCHING_STAGE_KINDS = EARLY_STAGE_KINDS | {"pitched"}


def campaign_steps(session: Session, campaign_id: int) -> list[SequenceStep]:
    return list(session.exec(select(SequenceStep).where(SequenceStep.campaign_id == campaign_id)
                             .order_by(SequenceStep.position)))


def schedule_follow_ups(session: Session, pitch_row: OutboxMessage, user: User) -> list[OutboxMessage]:
    """Queue the campaign's follow-ups after a sent pitch, filled for the blogger now so a person
    can read and edit them in the queue before they go."""
    entry = session.get(PipelineEntry, pitch_row.entry_id)
    steps = campaign_steps(session, entry.campaign_id)
    if not steps:
        return []
    values = merge_values(session, entry, user)
    mailbox = session.get(Mailbox, pitch_row.mailbox_id)
    subject = pitch_row.subject if pitch_row.subject.lower().startswith("re:") else f"Re: {pitch_row.subject}"
    queued = []
    for step in steps:
        row = OutboxMessage(
            mailbox_id=pitch_row.mailbox_id, entry_id=entry.id, created_by_id=pitch_row.created_by_id,
            message_id=f"<step{step.position}.{pitch_row.message_id.strip('<>')}>",
            in_reply_to=pitch_row.message_id, to_address=pitch_row.to_address,
            subject=fill(step.subject, values) if step.subject else subject, body=fill(step.body, values),
            step=step.position, status="scheduled",
            send_after=step_due(pitch_row.sent_at, step, mailbox.time_zone if mailbox else None),
        )
        session.add(row)
        queued.append(row)
    return queued


def step_due(sent_at: datetime, step: SequenceStep, zone: str | None) -> datetime:
    """When a step falls due after a pitch sent at `sent_at`: its days later, or, counting working days,
    its Mondays to Fridays later on the mailbox's calendar (a pitch of Friday, 2 working days: Tuesday)."""
    if not step.working_days:
        return sent_at + timedelta(days=step.delay_days)
    local, counted = in_zone(sent_at, zone), 0
    while counted < step.delay_days:
        local += timedelta(days=1)  # on the wall clock: the same hour, across a change of daylight saving
        counted += local.weekday() < 5
    return local.astimezone(timezone.utc)


def stop_reason(session: Session, row: OutboxMessage) -> str:
    """Why a follow-up must not go now (empty when it may): a reply, the card moved on, do-not-contact."""
    entry = session.get(PipelineEntry, row.entry_id)
    blogger = session.get(Blogger, entry.blogger_id)
    if blogger.do_not_contact:
        return "the blogger is on the do-not-contact list"
    first = session.exec(select(OutboxMessage.sent_at).where(OutboxMessage.entry_id == entry.id,
                                                             OutboxMessage.step == 1,
                                                             OutboxMessage.is_answer.is_(False),
                                                             OutboxMessage.sent_at.is_not(None))
                         .order_by(OutboxMessage.sent_at.desc())).first()
    if first is not None and session.exec(select(Reply.id).where(Reply.entry_id == entry.id,
                                                                 Reply.received_at >= first)).first():
        return "the blogger replied"
    stage = session.get(Stage, entry.stage_id)
    if stage is not None and stage.kind not in PITCHING_STAGE_KINDS:
        return f"the card moved to {stage.name}"
    return ""


def stop_sequence(session: Session, entry_id: int, reason: str) -> int:
    """Cancel an entry's follow-ups still waiting; returns how many."""
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.entry_id == entry_id, OutboxMessage.step > 1,
                                                    OutboxMessage.status.in_(("scheduled", "paused")))).all()
    for row in rows:
        row.status, row.last_error = "cancelled", f"Stopped: {reason}."
        session.add(row)
    return len(rows)


def postpone_sequence(session: Session, entry_id: int, by: timedelta) -> int:
    """Push the entry's waiting follow-ups later (the blogger is away): an auto-reply is not an answer."""
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.entry_id == entry_id, OutboxMessage.step > 1,
                                                    OutboxMessage.status == "scheduled")).all()
    for row in rows:
        row.send_after += by
        session.add(row)
    return len(rows)


def sends_on(mailbox: Mailbox, day: date) -> bool:
    """Whether the mailbox sends on that day: every day, or Monday to Friday only."""
    return mailbox.send_on_weekends or day.weekday() < 5


def next_window_start(mailbox: Mailbox, now: datetime, *, skip_today: bool = False) -> datetime:
    """The next moment the mailbox may send: now if inside its window, else its next opening,
    the window's hours and days read on the clock of the mailbox's zone."""
    local = in_zone(now, mailbox.time_zone)
    day = local.date()
    in_window = sends_on(mailbox, day) and mailbox.window_start_hour <= local.hour < mailbox.window_end_hour
    if not skip_today and in_window:
        return now
    if skip_today or local.hour >= mailbox.window_end_hour:
        day += timedelta(days=1)
    while not sends_on(mailbox, day):
        day += timedelta(days=1)
    return moment_at(day, mailbox.window_start_hour, mailbox.time_zone)


def sent_today(session: Session, mailbox: Mailbox, now: datetime) -> int:
    """How many emails the mailbox sent since midnight on its zone's clock."""
    midnight = moment_at(in_zone(now, mailbox.time_zone).date(), 0, mailbox.time_zone)
    return session.exec(select(func.count()).select_from(OutboxMessage)
                        .where(OutboxMessage.mailbox_id == mailbox.id, OutboxMessage.sent_at >= midnight)).one()


def hold_until(session: Session, mailbox: Mailbox, now: datetime) -> datetime | None:
    """When the mailbox may send again if it must wait (resting after its provider's limit, outside its
    window, or today's limit reached)."""
    if mailbox.resting_until is not None and mailbox.resting_until > now:
        return next_window_start(mailbox, mailbox.resting_until)
    if sent_today(session, mailbox, now) >= mailbox.daily_limit:
        return next_window_start(mailbox, now, skip_today=True)
    opening = next_window_start(mailbox, now)
    return None if opening == now else opening
