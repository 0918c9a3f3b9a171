"""A person's follow-ups as a calendar feed (iCalendar, RFC 5545) that their calendar app
subscribes to at a private address, as it would to any shared calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, Mapping

from icalendar import Calendar, Event
from sqlmodel import Session, select

from outreach.core.bloggers import blogger_labels
from outreach.core.follow_ups import due_follow_ups
from outreach.core.models import Campaign, Deliverable, PipelineEntry, User
from outreach.core.system_mail import app_link
from outreach.core.tokens import hash_to_look_up, new_secret

TOKEN_PREFIX = "ocal_"
# A calendar shows what was missed lately and what is planned: not years of history.
PAST_DAYS, FUTURE_DAYS = 30, 365


def new_calendar_token(session: Session, user: User) -> str:
    """A new private address for the person's calendar; the one before stops working. The caller commits."""
    token, user.calendar_token_hash = new_secret(TOKEN_PREFIX)
    session.add(user)
    return token


def stop_calendar(session: Session, user: User) -> None:
    user.calendar_token_hash = ""
    session.add(user)


def user_for_calendar_token(session: Session, token: str) -> User | None:
    """The active user whose calendar address this is, or None."""
    digest = hash_to_look_up(token, TOKEN_PREFIX)
    if digest is None:
        return None
    user = session.exec(select(User).where(User.calendar_token_hash == digest)).first()
    return user if user is not None and user.is_active else None


def follow_up_calendar(session: Session, user: User, today: date, config: Mapping[str, Any]) -> bytes:
    """The person's follow-ups from a month ago to a year ahead, one all-day event each, and the
    posts bloggers agreed to publish on the entries they own, on the days they are due."""
    calendar = Calendar()
    calendar.add("prodid", "-//Outreach//Follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Outreach follow-ups")
    calendar.add("x-published-ttl", "PT1H")  # how often a calendar app should read it again
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    for item in due_follow_ups(session, user.id, today + timedelta(days=FUTURE_DAYS),
                               after=today - timedelta(days=PAST_DAYS + 1)):
        day = item.entry.next_follow_up_on
        event = Event()
        # One event per entry: moving the follow-up moves the event in the app, never doubles it.
        event.add("uid", f"follow-up-{item.entry.id}@outreach")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"Follow up: {item.name} ({item.campaign.name})")
        link = app_link(config, f"/campaigns/entries/{item.entry.id}/")
        event.add("description", f"Stage: {item.stage.name}" + (f"\n{link}" if link else ""))
        if link:
            event.add("url", link)
        event.add("transp", "TRANSPARENT")  # a reminder, not time the person is busy
        calendar.add_component(event)
    due = session.exec(
        select(Deliverable, PipelineEntry, Campaign)
        .join(PipelineEntry, PipelineEntry.id == Deliverable.entry_id)
        .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
        .where(PipelineEntry.owner_id == user.id, Deliverable.status == "planned",
               Deliverable.due_on >= today - timedelta(days=PAST_DAYS),
               Deliverable.due_on <= today + timedelta(days=FUTURE_DAYS))
        .order_by(Deliverable.due_on, Deliverable.id)).all()
    names = blogger_labels(session, [entry.blogger_id for _, entry, _ in due])
    for deliverable, entry, campaign in due:
        event = Event()
        event.add("uid", f"deliverable-{deliverable.id}@outreach")
        event.add("dtstamp", stamp)
        event.add("dtstart", deliverable.due_on)
        event.add("dtend", deliverable.due_on + timedelta(days=1))
        event.add("summary", f"Post due: {names[entry.blogger_id][0]} ({campaign.name})")
        link = app_link(config, f"/campaigns/entries/{entry.id}/")
        event.add("description", deliverable.description + (f"\n{link}" if link else ""))
        if link:
            event.add("url", link)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
