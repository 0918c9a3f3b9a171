"""In Chromium: set up two-step sign-in from the account page with the key shown, then sign in
with the password and the app's code."""

from __future__ import annotations

import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_set_up_two_step_then_sign_in_with_a_code(live_server, page, users):
    sign_in(page, live_server.url, "staff@example.com")
    page.wait_for_selector("h1")
    page.goto(live_server.url + "/account/tokens")
    page.click("text=Two-step sign-in")
    page.click("text=Set up two-step sign-in")
    qr = page.locator("#setup-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 100  # drawn: the page's policy lets the QR code load
    secret = page.locator("[data-testid=setup-key]").inner_text().replace(" ", "")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Turn on two-step sign-in')")
    expect(page.locator("[data-testid=recovery-code]")).to_have_count(10)
    page.click("text=Sign out")
    page.wait_for_selector("text=You are signed out.")
    sign_in(page, live_server.url, "staff@example.com")
    page.wait_for_selector("h1:has-text('Your code')")
    # The code of the coming step: the one that turned it on was used, and counts only once.
    page.fill("#code", pyotp.TOTP(secret).at(time.time() + 30))
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("h1:has-text('Welcome, Staff')")
