"""My follow-ups as a calendar feed at a private address: made, read by a calendar app, stopped."""

from __future__ import annotations

import re
from datetime import timedelta

from icalendar import Calendar
from sqlmodel import select

from outreach.core.models import AuditEvent, PipelineEntry, User, utc_today
from tests.factories import make_campaign_with_entries


def address_path(page: bytes) -> str:
    return re.search(r'data-testid="calendar-address">http://localhost(/follow-ups/calendar/[^<]+\.ics)<',
                     page.decode()).group(1)


def test_a_calendar_app_reads_my_follow_ups_at_the_private_address(app, client, auth, users, session):
    today = utc_today()
    manager_id = users["manager"][0]
    campaign, (maya, leo, ines) = make_campaign_with_entries(session, manager_id, names=("Maya", "Leo", "Ines"))
    maya.next_follow_up_on = today + timedelta(days=3)
    leo.next_follow_up_on = today - timedelta(days=400)  # long past: not in the calendar
    ines.next_follow_up_on, ines.owner_id = today, users["staff"][0]  # someone else's
    session.add_all([maya, leo, ines])
    session.commit()
    app.config["BASE_URL"] = "https://outreach.example.com"
    auth.login("manager@example.com")
    assert b"Make a calendar address" in client.get("/follow-ups/").data
    path = address_path(client.post("/follow-ups/calendar").data)
    client.post("/logout")
    feed = app.test_client().get(path)  # a calendar app: no session, the address is the credential
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    events = Calendar.from_ical(feed.data).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == [f"Follow up: Maya ({campaign.name})"]
    [event] = events
    assert event.decoded("dtstart") == today + timedelta(days=3)
    assert str(event["uid"]) == f"follow-up-{maya.id}@outreach"
    assert str(event["url"]) == f"https://outreach.example.com/campaigns/entries/{maya.id}/"
    # Moving the follow-up moves the event.
    session.get(PipelineEntry, maya.id).next_follow_up_on = today + timedelta(days=9)
    session.commit()
    moved = Calendar.from_ical(app.test_client().get(path).data).walk("VEVENT")
    assert [event.decoded("dtstart") for event in moved] == [today + timedelta(days=9)]


def test_a_new_address_stops_the_old_and_stopping_ends_both(app, client, auth, users, session):
    auth.login("staff@example.com")
    first = address_path(client.post("/follow-ups/calendar").data)
    assert b"Stop the calendar address" in client.get("/follow-ups/").data
    second = address_path(client.post("/follow-ups/calendar").data)
    reader = app.test_client()
    assert reader.get(first).status_code == 404 and reader.get(second).status_code == 200
    client.post("/follow-ups/calendar/stop")
    assert reader.get(second).status_code == 404
    for made_up in ("/follow-ups/calendar/ocal_nothing.ics", "/follow-ups/calendar/%00.ics",
                    "/follow-ups/calendar/" + "x" * 300 + ".ics"):
        assert reader.get(made_up).status_code == 404, made_up
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.object_type == "user")).all()
    assert actions.count("made_calendar_address") == 2 and "stopped_calendar_address" in actions


def test_a_disabled_persons_address_stops_working(app, client, auth, users, session):
    auth.login("staff@example.com")
    path = address_path(client.post("/follow-ups/calendar").data)
    staff = session.get(User, users["staff"][0])
    staff.is_active = False
    session.commit()
    assert app.test_client().get(path).status_code == 404


def test_the_posts_due_on_my_entries_are_in_my_calendar_too(app, client, auth, users, session):
    from outreach.core.models import Deliverable

    today = utc_today()
    campaign, (maya, ines) = make_campaign_with_entries(session, users["manager"][0], names=("Maya", "Ines"))
    ines.owner_id = users["staff"][0]  # someone else's
    session.add_all([ines, Deliverable(entry_id=maya.id, description="A review post", due_on=today + timedelta(days=5)),
                     Deliverable(entry_id=maya.id, description="A video", due_on=today, status="cancelled"),
                     Deliverable(entry_id=ines.id, description="Two stories", due_on=today)])
    session.commit()
    auth.login("manager@example.com")
    path = address_path(client.post("/follow-ups/calendar").data)
    events = Calendar.from_ical(app.test_client().get(path).data).walk("VEVENT")
    assert [(str(event["summary"]), event.decoded("dtstart")) for event in events] == [
        (f"Post due: Maya ({campaign.name})", today + timedelta(days=5))]
    assert str(events[0]["description"]).startswith("A review post")
