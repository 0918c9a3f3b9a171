"""In Chromium: a person links their Microsoft account on their account's Sign-in page, signs out, and
signs in again with "Sign in with Microsoft" through the provider's page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in
from tests.core.test_mail_oauth import provider_settings
from tests.local_mail import free_port

pytestmark = pytest.mark.browser


def test_link_then_sign_in_with_the_provider(live_server, page, users, oauth_provider, mail_tls):
    settings = provider_settings(oauth_provider, free_port(), free_port(), mail_tls)
    live_server.app.config.update(BASE_URL=live_server.url, **{name: value for name, value in settings.items()
                                                               if name.startswith(("MICROSOFT_", "OAUTH_"))})
    oauth_provider.email = "ana@northbrew.example"
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/account/sign-in")
    page.click("button:has-text('Link a Microsoft account')")
    page.click("button:has-text('Allow')")
    page.wait_for_selector("text=Linked: you can sign in with your Microsoft account ana@northbrew.example")
    expect(page.locator("[data-testid=linked-identity]")).to_contain_text("Microsoft: ana@northbrew.example")
    page.click("button:has-text('Sign out')")
    page.wait_for_selector("text=You are signed out.")
    page.click("button:has-text('Sign in with Microsoft')")
    page.click("button:has-text('Allow')")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("nav")).to_contain_text("Mail")
