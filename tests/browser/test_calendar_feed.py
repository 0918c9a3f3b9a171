"""In Chromium: make a calendar address for my follow-ups, and read it as a calendar app would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from outreach.core.models import utc_today
from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_make_a_calendar_address_and_subscribe(live_server, page, browser, users, session):
    campaign, (maya,) = make_campaign_with_entries(session, users["staff"][0], names=("Maya",))
    maya.next_follow_up_on = utc_today() + timedelta(days=2)
    session.add(maya)
    session.commit()
    sign_in(page, live_server.url, "staff@example.com")
    page.wait_for_selector("h1")
    page.goto(live_server.url + "/follow-ups/")
    page.click("button:has-text('Make a calendar address')")
    address = page.locator("[data-testid=calendar-address]").inner_text()
    assert address.startswith(live_server.url + "/follow-ups/calendar/ocal_")
    app = browser.new_context()  # the calendar app: no cookies of the person
    answer = app.request.get(address)
    assert answer.ok and answer.headers["content-type"].startswith("text/calendar")
    [event] = Calendar.from_ical(answer.body()).walk("VEVENT")
    assert str(event["summary"]) == f"Follow up: Maya ({campaign.name})"
    app.close()
    page.goto(live_server.url + "/follow-ups/")
    page.click("button:has-text('Stop the calendar address')")
    expect(page.locator(".flash-success")).to_contain_text("Your calendar address is stopped")
