"""In Chromium: a person presses "Sign in with Microsoft", allows Outreach on the provider's page,
comes back to the mailbox connected, and its connection test logs in to SMTP and IMAP with the
provider's access token."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in
from tests.core.test_mail_oauth import provider_settings
from tests.mail_factories import KEY

pytestmark = pytest.mark.browser


def test_sign_in_with_the_provider_and_test_the_connection(live_server, page, users, oauth_provider, oauth_smtp,
                                                           oauth_dovecot, mail_tls):
    settings = provider_settings(oauth_provider, oauth_smtp[0].port, oauth_dovecot.tls_port, mail_tls)
    live_server.app.config.update(MAIL_KEY=KEY, BASE_URL=live_server.url,
                                  **{name: value for name, value in settings.items() if name != "MAIL_KEY"})
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/mail/")
    page.click("button:has-text('Sign in with Microsoft')")
    page.wait_for_selector("text=Outreach wants to send and read mail as pr@example.test")
    page.click("button:has-text('Allow')")
    page.wait_for_selector("text=pr@example.test is connected through Microsoft")
    expect(page.locator(".flash-success").nth(1)).to_contain_text("connected and logged in")  # tried at once
    expect(page.locator("[data-testid=signs-in-with]")).to_have_text("signs in with Microsoft")
    page.click("button:has-text('Test connection')")
    page.wait_for_selector("text=connected and logged in")
    expect(page.locator(".flash-success").last).to_contain_text("logged in and opened INBOX")
    page.click("#mailboxes >> text=Edit")
    expect(page.locator("[data-testid=provider-login]")).to_contain_text("signs in with Microsoft")
    assert page.locator("#password").count() == 0
