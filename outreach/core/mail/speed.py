"""Response speed: bloggers' messages waiting for our answer (oldest first, with their age in
working hours), the alert when one waits too long, and the medians the dashboard shows."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Mapping

from sqlmodel import Session, func, select

from outreach.core.access import can_manage
from outreach.core.alerts import alert, send_alert_emails
from outreach.core.models import Blogger, Campaign, CampaignMember, PipelineEntry, Pitch, Reply, User
from outreach.core.reports import ReportFilter
from outreach.core.time_zones import DEFAULT_ZONE, in_zone, moment_at


def working_hours_between(start: datetime, end: datetime, hours: tuple[int, int], zone: str = DEFAULT_ZONE) -> float:
    """Hours of working time (Monday to Friday, between the hours on the clock of `zone`) from start to end."""
    total, day, last = 0.0, in_zone(start, zone).date(), in_zone(end, zone).date()
    while day <= last:
        if day.weekday() < 5:
            opens = moment_at(day, hours[0], zone)
            closes = moment_at(day + timedelta(days=1), 0, zone) if hours[1] >= 24 else moment_at(day, hours[1], zone)
            overlap = (min(closes, end) - max(opens, start)).total_seconds()
            total += max(overlap, 0.0) / 3600
        day += timedelta(days=1)
    return total


def waiting_replies(session: Session, user: User, limit: int | None = None):
    """(reply, entry, blogger, campaign) rows of mail replies not yet answered, oldest first, that
    the person may see (all for managers, their campaigns' for staff); the oldest `limit` if given."""
    statement = (_waiting(user, select(Reply, PipelineEntry, Blogger, Campaign))
                 .join(Blogger, Blogger.id == PipelineEntry.blogger_id).order_by(Reply.received_at, Reply.id))
    return session.exec(statement.limit(limit)).all()


def answer_limits(settings: Mapping[str, Any]) -> tuple[float, tuple[int, int]]:
    """The working hours after which a waiting message alerts its owner, and the working day."""
    return float(settings.get("MAIL_ANSWER_ALERT_HOURS", 4)), settings.get("MAIL_WORKING_HOURS", (9, 17))


@dataclass
class WaitingAnswer:
    """A blogger's message nobody has answered, and how long it has waited."""

    reply: Reply
    entry: PipelineEntry
    blogger: Blogger
    campaign: Campaign
    working_hours: float  # of working time (MAIL_WORKING_HOURS)
    hours: float  # of the clock
    overdue: bool  # past the working hours after which its owner is alerted (MAIL_ANSWER_ALERT_HOURS)

    @property
    def name(self) -> str:
        return self.blogger.name or self.reply.from_address


def waiting_answers(session: Session, user: User, settings: Mapping[str, Any], now: datetime,
                    limit: int | None = None) -> list[WaitingAnswer]:
    """waiting_replies with how long each has waited, and whether past the alert limit."""
    alert, hours = answer_limits(settings)
    answers = []
    for reply, entry, blogger, campaign in waiting_replies(session, user, limit=limit):
        working = working_hours_between(reply.received_at, now, hours, user.time_zone)
        answers.append(WaitingAnswer(reply, entry, blogger, campaign, working,
                                     (now - reply.received_at).total_seconds() / 3600, working >= alert))
    return answers


def count_waiting(session: Session, user: User) -> int:
    """How many of the replies waiting_replies lists."""
    return session.exec(_waiting(user, select(func.count(Reply.id)))).one()


def _waiting(user: User, statement):
    """The statement narrowed to unanswered mail replies in the campaigns the person may see."""
    statement = (statement.select_from(Reply)
                 .join(PipelineEntry, PipelineEntry.id == Reply.entry_id)
                 .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
                 .where(Reply.message_id != "", Reply.answered_at.is_(None)))
    if not can_manage(user):
        statement = statement.join(CampaignMember, CampaignMember.campaign_id == Campaign.id).where(
            CampaignMember.user_id == user.id)
    return statement


def mark_answered(session: Session, reply: Reply, when: datetime) -> None:
    """A person answered elsewhere (phone, another mailbox) or no answer is needed."""
    reply.answered_at = when
    session.add(reply)


def alert_slow_answers(session: Session, settings: Mapping[str, Any], now: datetime) -> int:
    """Alert each waiting reply's owner once, in the app and by email, past the working-hours limit."""
    limit, hours = answer_limits(settings)
    rows = session.exec(select(Reply, PipelineEntry, Blogger)
                        .join(PipelineEntry, PipelineEntry.id == Reply.entry_id)
                        .join(Blogger, Blogger.id == PipelineEntry.blogger_id)
                        .where(Reply.message_id != "", Reply.answered_at.is_(None), Reply.alerted_at.is_(None))).all()
    messages, alerted = [], 0
    for reply, entry, blogger in rows:
        owner = session.get(User, entry.owner_id or reply.logged_by_id or 0)
        if owner is None:
            continue
        waited = working_hours_between(reply.received_at, now, hours, owner.time_zone)  # the owner's working day
        if waited < limit:
            continue
        title = f"{blogger.name or reply.from_address} has waited {waited:.1f} working hours for an answer"
        messages.append(alert(session, settings, owner, "slow_answer", title, reply.summary[:500],
                              f"/campaigns/entries/{entry.id}/", email_body=f"{reply.summary[:2000]}\n", subject=title))
        reply.alerted_at = now
        session.add(reply)
        alerted += 1
    session.commit()
    send_alert_emails(settings, messages)
    return alerted


def median_hours(pairs) -> float | None:
    spans = [(end - start).total_seconds() / 3600 for start, end in pairs if start and end and end >= start]
    return round(statistics.median(spans), 1) if spans else None


def response_medians(session: Session, report_filter: ReportFilter | None = None) -> dict[str, float | None]:
    """Median hours we took to answer a blogger, beside the median hours they took to first reply:
    of the filter's campaign and staff member's entries, for messages that arrived in its dates."""
    report_filter = report_filter or ReportFilter()
    start, end = report_filter.window()
    entries = []  # the filter's campaign, and the entries the staff member owns, as the rest of the report
    if report_filter.campaign_id is not None:
        entries.append(PipelineEntry.campaign_id == report_filter.campaign_id)
    if report_filter.staff_id is not None:
        entries.append(PipelineEntry.owner_id == report_filter.staff_id)
    answered = select(Reply.received_at, Reply.answered_at).join(PipelineEntry, PipelineEntry.id == Reply.entry_id) \
        .where(Reply.answered_at.is_not(None), Reply.received_at.between(start, end), *entries)
    # Every reply, oldest first, so that an entry's first is its first ever; the dates then keep
    # only the first replies that fell within them.
    firsts = select(Pitch.entry_id, Pitch.sent_at, Reply.received_at).join(Reply, Reply.pitch_id == Pitch.id) \
        .join(PipelineEntry, PipelineEntry.id == Pitch.entry_id).where(*entries).order_by(Reply.received_at)
    first_by_entry: dict[int, tuple[datetime, datetime]] = {}
    for entry_id, sent_at, received_at in session.exec(firsts):
        first_by_entry.setdefault(entry_id, (sent_at, received_at))
    return {"our_answer_hours": median_hours(session.exec(answered).all()),
            "their_first_reply_hours": median_hours(pair for pair in first_by_entry.values()
                                                    if report_filter.contains(pair[1]))}
