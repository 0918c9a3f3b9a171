"""In Chromium: from the account page to Emails, untick the morning digest, and save."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from outreach.core.models import User
from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def test_untick_the_digest(live_server, page, users, session):
    sign_in(page, live_server.url, "staff@example.com")
    page.wait_for_selector("h1")
    page.goto(live_server.url + "/account/tokens")
    page.click("nav.account-nav >> text=Emails")
    expect(page.locator("nav.account-nav [aria-current=page]")).to_have_text("Emails")
    page.uncheck("#email_digest")
    page.click("button:has-text('Save')")
    expect(page.locator(".flash-success")).to_contain_text("you get the emails you ticked")
    expect(page.locator("#email_digest")).not_to_be_checked()
    expect(page.locator("#email_alerts")).to_be_checked()
    session.expire_all()
    assert session.get(User, users["staff"][0]).email_digest is False
