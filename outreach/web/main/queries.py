"""What waits for the signed-in person, for the home page: answers owed, follow-ups due,
coverage to review, fees overdue, pitches to approve and unread alerts, each the first few with how
many there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Mapping

from sqlmodel import Session, func, or_, select

from outreach.core.access import is_admin, visible_campaigns
from outreach.core.deliverables import due
from outreach.core.fees import overdue
from outreach.core.follow_ups import FollowUp, due_follow_ups
from outreach.core.mail.approval import awaiting_approval
from outreach.core.mail.mailboxes import CONNECTED
from outreach.core.mail.speed import WaitingAnswer, waiting_answers
from outreach.core.models import (
    Campaign,
    Coverage,
    Deliverable,
    Fee,
    Mailbox,
    Notification,
    OutboxMessage,
    PipelineEntry,
    User,
)

SHOWN = 5  # items of each kind on the home page; each list's own page has them all


@dataclass
class Today:
    """The first few of each kind of thing waiting for the person. How many messages, follow-ups
    and alerts there are in all, the menu's badges already say (waiting_answer_count,
    due_follow_up_count, unread_alert_count, on every page)."""

    answers: list[WaitingAnswer] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    coverage: list[tuple[Campaign, int]] = field(default_factory=list)  # campaigns with entries to review
    fees_overdue: list[tuple[Campaign, int]] = field(default_factory=list)  # campaigns owing bloggers
    posts_late: list[tuple[Campaign, int]] = field(default_factory=list)  # campaigns owed agreed posts
    approvals: list[OutboxMessage] = field(default_factory=list)  # staff's pitches a manager approves
    approvals_count: int = 0
    alerts: list[Notification] = field(default_factory=list)
    mailboxes: list[Mailbox] = field(default_factory=list)  # theirs (admins: the team's too) that cannot send now

    @property
    def is_clear(self) -> bool:
        return not (self.answers or self.follow_ups or self.coverage or self.fees_overdue or self.posts_late
                    or self.approvals or self.alerts or self.mailboxes)


def today_for(session: Session, user: User, now: datetime, today: date, settings: Mapping[str, Any]) -> Today:
    """Everything waiting for this person, in the campaigns they may open."""
    answers = waiting_answers(session, user, settings, now, limit=SHOWN)
    approvals, approvals_count = awaiting_approval(session, user, limit=SHOWN)
    return Today(
        approvals=approvals, approvals_count=approvals_count,
        answers=answers,
        follow_ups=due_follow_ups(session, user.id, today, limit=SHOWN),
        coverage=entries_by_campaign(session, user, Coverage, Coverage.status == "proposed"),
        fees_overdue=entries_by_campaign(session, user, Fee, overdue(today)),
        posts_late=entries_by_campaign(session, user, Deliverable, due(today)),
        alerts=session.exec(select(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                            .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(SHOWN)).all(),
        mailboxes=stuck_mailboxes(session, user, now),
    )


def stuck_mailboxes(session: Session, user: User, now: datetime) -> list[Mailbox]:
    """The person's connected mailboxes (and for admins the team's) whose logins are refused or that rest
    after their provider's limit: until mended nothing goes out and, refused, no reply is read. Unlike an
    alert, this stays until it is so."""
    whose = Mailbox.owner_id == user.id
    if is_admin(user):
        whose = or_(whose, Mailbox.owner_id.is_(None))
    return list(session.exec(select(Mailbox).where(
        whose, CONNECTED,
        or_(Mailbox.login_refused_at.is_not(None), Mailbox.resting_until > now)).order_by(Mailbox.name)))


def entries_by_campaign(session: Session, user: User, model, *conditions) -> list[tuple[Campaign, int]]:
    """The open campaigns this person may see with entries that have a row of `model` meeting the
    conditions (coverage nobody has reviewed, a fee overdue), and how many such entries each has,
    by campaign name."""
    visible = visible_campaigns(user).where(Campaign.is_archived.is_(False)).with_only_columns(Campaign.id).order_by(None)
    entries = func.count(func.distinct(PipelineEntry.id))
    statement = (select(Campaign, entries)
                 .join(PipelineEntry, PipelineEntry.campaign_id == Campaign.id)
                 .join(model, model.entry_id == PipelineEntry.id)
                 .where(*conditions, Campaign.id.in_(visible))
                 .group_by(Campaign.id).order_by(Campaign.name, Campaign.id))
    return [(campaign, count) for campaign, count in session.exec(statement).all()]
