"""In Chromium on Tokyo's clock: the time zone page offers the browser's zone, it is saved, and
the pages show times on it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from outreach.core.models import User, utcnow
from outreach.core.time_zones import in_zone, today_in
from tests.conftest import sign_in, watched_page
from tests.local_mail import free_port
from tests.mail_factories import KEY, sender_and_entry

pytestmark = pytest.mark.browser


@pytest.fixture
def tokyo_page(browser):
    """A page whose browser is on Tokyo's time zone."""
    yield from watched_page(browser, timezone_id="Asia/Tokyo")


def test_take_the_browser_s_zone_and_see_times_on_it(live_server, tokyo_page, users, session):
    page = tokyo_page
    sign_in(page, live_server.url, "admin@example.com")
    page.goto(live_server.url + "/account/tokens")
    page.click("nav.account-nav >> text=Time zone")
    expect(page.locator("#time_zone")).to_have_value("UTC")
    offer = page.locator("#browser-zone")
    expect(offer).to_contain_text("Your browser is on Asia/Tokyo")
    offer.locator("button:has-text('Use it')").click()
    expect(page.locator("#time_zone")).to_have_value("Asia/Tokyo")
    expect(offer).to_be_hidden()
    page.click("button:has-text('Save')")
    expect(page.locator(".flash-success")).to_contain_text("times show on the clock of Asia/Tokyo")
    expect(page.locator("#browser-zone")).to_be_hidden()  # nothing left to offer
    session.expire_all()
    assert session.get(User, users["admin"][0]).time_zone == "Asia/Tokyo"
    page.goto(live_server.url + "/admin/audit")
    expect(page.locator("table tbody tr").first).to_contain_text(" JST")


def test_quick_times_fill_send_at_on_the_person_s_clock(live_server, page, users, engine, session):
    live_server.app.config["MAIL_KEY"] = KEY
    entry_id = sender_and_entry(engine, users["staff"][0], free_port())
    staff = session.get(User, users["staff"][0])
    staff.time_zone = "Pacific/Auckland"  # far from the browser's UTC: its date is often another
    session.commit()
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/mail/entries/{entry_id}/send")
    expect(page.locator("label[for=send_at]")).to_contain_text("Send at (Pacific/Auckland)")
    today = today_in("Pacific/Auckland")
    page.click(".quick-times >> text=Tomorrow 09:00")
    expect(page.locator("#send_at")).to_have_value(f"{today + timedelta(days=1):%Y-%m-%d}T09:00")
    page.click(".quick-times >> text=Monday 09:00")
    monday = today + timedelta(days=(7 - today.weekday()) or 7)
    expect(page.locator("#send_at")).to_have_value(f"{monday:%Y-%m-%d}T09:00")
    page.click(".quick-times >> text=In an hour")
    in_an_hour = in_zone(utcnow() + timedelta(hours=1), "Pacific/Auckland")
    assert page.input_value("#send_at")[:13] in {f"{in_an_hour:%Y-%m-%dT%H}",
                                                  f"{in_an_hour - timedelta(minutes=1):%Y-%m-%dT%H}"}
