"""Follow-ups: whose are due, how many (the menu's badge), and the daily digest by email."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any, Collection, Mapping

from sqlalchemy import Date, bindparam
from sqlmodel import Session, col, func, select

from outreach.core.bloggers import blogger_labels
from outreach.core.campaigns import refuse_if_archived
from outreach.core.errors import Refused
from outreach.core.models import Blogger, Campaign, PipelineEntry, Stage, User
from outreach.core.pipeline import set_follow_up
from outreach.core.stages import refuse_if_do_not_contact
from outreach.core.system_mail import app_link, plain_message, send_messages

log = logging.getLogger(__name__)
MAX_SNOOZE_DAYS = 366


@dataclass
class FollowUp:
    """An entry whose follow-up is due, with what a list of them shows."""

    entry: PipelineEntry
    campaign: Campaign
    stage: Stage
    name: str

    def days_overdue(self, today: date) -> int:
        return (today - self.entry.next_follow_up_on).days


def due_follow_ups(session: Session, user_id: int, today: date, after: date | None = None,
                   limit: int | None = None) -> list[FollowUp]:
    """Entries this user owns whose follow-up date is `today` or earlier (and later than
    `after`, when given: the upcoming ones are due_follow_ups(until, after=today)), oldest first;
    the first `limit` if given."""
    statement = (
        select(PipelineEntry, Campaign, Stage)
        .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
        .join(Stage, Stage.id == PipelineEntry.stage_id)
        .where(
            PipelineEntry.owner_id == user_id,
            PipelineEntry.next_follow_up_on.is_not(None),
            PipelineEntry.next_follow_up_on <= today,
            Campaign.is_archived.is_(False),
        )
        .order_by(PipelineEntry.next_follow_up_on, PipelineEntry.id)
    )
    if after is not None:
        statement = statement.where(PipelineEntry.next_follow_up_on > after)
    rows = session.exec(statement.limit(limit)).all()
    labels = blogger_labels(session, [entry.blogger_id for entry, _, _ in rows])
    return [FollowUp(entry, campaign, stage, labels[entry.blogger_id][0]) for entry, campaign, stage in rows]


class FollowUpError(Refused):
    """A follow-up that cannot be snoozed so; the message says why."""


def finish_follow_up(session: Session, user: User, entry: PipelineEntry) -> None:
    """The follow-up is done: the entry has none until someone sets the next."""
    refuse_if_archived(session.get(Campaign, entry.campaign_id))
    set_follow_up(session, user, entry, next_follow_up_on=None, via="done")


def snooze_follow_up(session: Session, user: User, entry: PipelineEntry, until: date, today: date) -> None:
    """Put the follow-up off to a later day (never to a do-not-contact blogger)."""
    if until <= today:
        raise FollowUpError("Snooze to a day after today.")
    if until > today + timedelta(days=MAX_SNOOZE_DAYS):
        raise FollowUpError(f"Snooze by at most {MAX_SNOOZE_DAYS} days.")
    refuse_if_archived(session.get(Campaign, entry.campaign_id))
    refuse_if_do_not_contact(session.get(Blogger, entry.blogger_id), "the follow-up was not snoozed")
    set_follow_up(session, user, entry, next_follow_up_on=until, via="snooze")


# Built once: the count runs on every page, and building the statement cost as much as
# running it.
_COUNT_DUE = (
    select(func.count()).select_from(PipelineEntry)
    .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
    .where(PipelineEntry.owner_id == bindparam("user_id"),
           PipelineEntry.next_follow_up_on <= bindparam("today", type_=Date),
           Campaign.is_archived.is_(False))
)


def count_due(session: Session, user_id: int, today: date) -> int:
    """How many follow-ups this user has due today or overdue (the badge in the menu)."""
    # On the connection: the ORM's result handling cost a third of this, on every page.
    return session.connection().execute(_COUNT_DUE, {"user_id": user_id, "today": today}).scalar_one()


@dataclass(frozen=True)
class Digest:
    """One person's digest."""

    user: User
    items: list[FollowUp]


def gather_digests(session: Session, today: date, zones: Collection[str] | None = None) -> list[Digest]:
    """A digest for every active user who wants one and has something due today or overdue (of
    those whose time zone is one of `zones`, when given)."""
    digests = []
    people = select(User).where(User.is_active, User.email_digest).order_by(User.id)
    if zones is not None:
        people = people.where(col(User.time_zone).in_(zones))
    for user in session.exec(people):
        items = due_follow_ups(session, user.id, today)
        if items:
            digests.append(Digest(user, items))
    return digests


def digest_message(digest: Digest, today: date, config: Mapping[str, Any]) -> EmailMessage:
    """The email for one digest, in plain text."""
    overdue = sum(1 for item in digest.items if item.days_overdue(today) > 0)
    subject = (f"Outreach: {len(digest.items)} follow-up{'s' if len(digest.items) != 1 else ''} due"
               + (f" ({overdue} overdue)" if overdue else ""))
    lines = [f"Hello {digest.user.display_name},", "", "These follow-ups are due:", ""]
    for item in digest.items:
        late = item.days_overdue(today)
        when = f"{late} day{'s' if late != 1 else ''} overdue" if late > 0 else "today"
        address = app_link(config, f"/campaigns/entries/{item.entry.id}/")
        link = f" {address}" if address else ""
        lines.append(f"- {item.name} ({item.campaign.name}, {item.stage.name}): {when}{link}")
    lines += ["", "You get this email because follow-ups are due on entries you own. Stop it on your account's "
              "Emails page (click your name)."]
    return plain_message(config, digest.user.email, subject, "\n".join(lines), link="/follow-ups/")


def send_digests(session: Session, today: date, config: Mapping[str, Any],
                 zones: Collection[str] | None = None) -> int:
    """Email today's digests when SMTP is configured (to the people of `zones`, when given);
    returns how many were sent."""
    if not config.get("SMTP_HOST"):
        log.info("SMTP is not configured: follow-up digests stay in the app")
        return 0
    sent = send_messages(config, [digest_message(digest, today, config) for digest in gather_digests(session, today, zones)])
    log.info("sent %d follow-up digests", sent)
    return sent
