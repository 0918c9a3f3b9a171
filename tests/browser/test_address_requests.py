"""In Chromium: a staff member asks a blogger for a sample's address; the blogger, on their phone and
without an account, gives it; the entry shows it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in
from tests.web.test_address_requests import planned_sample

pytestmark = pytest.mark.browser


def test_a_blogger_gives_a_sample_s_address_through_the_link(live_server, page, browser, engine, users):
    entry_id, _ = planned_sample(engine, users)
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.click("button:has-text('Ask for their address')")
    link = page.locator("[data-testid=address-link]").inner_text()
    assert link.startswith(f"{live_server.url}/campaigns/address/adr_")
    phone = browser.new_context(viewport={"width": 390, "height": 800}).new_page()  # the blogger: no account
    phone.goto(link)
    expect(phone.locator("h1")).to_have_text("Where should Northbrew send it?")
    phone.click("button:has-text('Send my address')")
    expect(phone.locator(".field-error")).to_contain_text("Write the address the parcel goes to.")
    phone.fill("#name", "Maya Pour")
    phone.fill("#address", "1 Bean Street\n10115 Berlin")
    phone.fill("#note", "Black, please")
    phone.click("button:has-text('Send my address')")
    expect(phone.locator("[data-testid=address-thanks]")).to_contain_text("Northbrew has your address")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    expect(page.locator("[data-testid=sample-address]")).to_contain_text("To: Maya Pour, 1 Bean Street, 10115 Berlin")
    expect(page.locator("main")).to_contain_text("Maya Pour with their address for Grinder: Black, please")
