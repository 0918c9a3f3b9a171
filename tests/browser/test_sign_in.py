"""In Chromium: sign in, see the home page, sign out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def test_sign_in_shows_home_page(live_server, page, users):
    page.goto(live_server.url + "/")
    assert page.url.startswith(live_server.url + "/login")
    sign_in(page, live_server.url, "manager@example.com")
    page.wait_for_selector("h1:has-text('Welcome, Manager')")
    expect(page.locator("[data-stat=blogs]")).to_have_text("0", use_inner_text=True)
    # A new install: nothing waits, and the steps of getting started are open.
    expect(page.locator("[data-testid=all-clear]")).to_be_visible()
    expect(page.locator("details.getting-started li").first).to_be_visible()
    page.click("text=Sign out")
    page.wait_for_selector("text=You are signed out.")


def test_wrong_password_shows_message(live_server, page, users):
    sign_in(page, live_server.url, "manager@example.com", "wrong password")
    page.wait_for_selector(".flash-error")
    expect(page.locator(".flash-error")).to_have_text("Wrong email or password.", use_inner_text=True)


def test_phone_width_has_menu_toggle(live_server, browser, users):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    sign_in(phone, live_server.url, "staff@example.com")
    phone.wait_for_selector("h1")
    expect(phone.locator(".nav")).to_be_hidden()
    phone.click(".nav-toggle-label")
    expect(phone.locator(".nav")).to_be_visible()
    context.close()
