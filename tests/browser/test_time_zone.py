"""In Chromium on Tokyo's clock: the time zone page offers the browser's zone, it is saved, and
the pages show times on it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from outreach.core.models import User
from tests.conftest import sign_in, watched_page

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
