"""In Chromium: a forgotten password chosen again from the emailed link, and a colleague invited by
an admin choosing their own, with a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in
from tests.local_mail import smtp_config

pytestmark = pytest.mark.browser
NEW_PASSWORD = "a fresh passphrase"


def emailed_path(inbox, address, base_url) -> str:
    """The path of the link in the newest email to `address`, once it has come."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [message for recipients, message in inbox.messages if address in recipients]
        if found:
            body = found[-1].get_payload(decode=True).decode()
            return re.search(re.escape(base_url) + r"(/login/\S+)", body).group(1)
        time.sleep(0.1)
    raise AssertionError(f"no email to {address}")


def choose_password(page, url):
    page.goto(url)
    page.fill("#new", NEW_PASSWORD)
    page.fill("#again", NEW_PASSWORD)
    page.click("button:has-text('Set my password')")
    expect(page.locator(".flash-success")).to_contain_text("Your password is set")


def test_forgotten_password_chosen_again_from_the_emailed_link(live_server, page, users, smtp_server):
    controller, inbox = smtp_server
    live_server.app.config.update(smtp_config(controller), BASE_URL=live_server.url)
    page.goto(live_server.url + "/login")
    page.click("text=Forgot your password?")
    page.fill("#email", "staff@example.com")
    page.click("button:has-text('Email me a link')")
    expect(page.locator(".flash-info")).to_contain_text("is on its way")
    choose_password(page, live_server.url + emailed_path(inbox, "staff@example.com", live_server.url))
    sign_in(page, live_server.url, "staff@example.com", NEW_PASSWORD)
    page.wait_for_selector("h1:has-text('Welcome, Staff')")


def test_an_admin_invites_a_colleague_who_chooses_a_password(live_server, page, browser, users, smtp_server):
    controller, inbox = smtp_server
    live_server.app.config.update(smtp_config(controller), BASE_URL=live_server.url)
    sign_in(page, live_server.url, "admin@example.com")
    page.wait_for_selector("h1")
    page.goto(live_server.url + "/admin/users")
    page.fill("#email", "ana@example.com")
    page.select_option("#role", "manager")
    page.check("#invite")
    page.click("button:has-text('Add user')")
    expect(page.locator(".flash-success")).to_contain_text("Invited manager ana@example.com")
    expect(page.locator("[aria-label='Send ana@example.com the invitation again']")).to_be_visible()
    colleague = browser.new_context().new_page()
    choose_password(colleague, live_server.url + emailed_path(inbox, "ana@example.com", live_server.url))
    sign_in(colleague, live_server.url, "ana@example.com", NEW_PASSWORD)
    colleague.wait_for_selector("h1:has-text('Welcome')")
    colleague.context.close()
