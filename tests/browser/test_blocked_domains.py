"""In Chromium: block a domain from the do-not-contact page, see it listed, and (as an admin) remove it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def test_block_a_domain_then_remove_it(live_server, page, users):
    sign_in(page, live_server.url, "admin@example.com")
    page.goto(live_server.url + "/do-not-contact")
    section = page.locator("#blocked-domains")
    expect(section).to_contain_text("No domain is blocked.")
    section.locator("#domain").fill("editor@Rival.example")
    section.locator("#domain_reason").fill("Owned by a competitor")
    section.locator("button:has-text('Block')").click()
    expect(page.locator(".flash-success")).to_contain_text("rival.example or its subdomains")
    row = page.locator("#blocked-domain-list tr", has_text="rival.example")
    expect(row).to_contain_text("Owned by a competitor")
    row.locator("button:has-text('Remove')").click()
    expect(page.locator(".flash-success")).to_contain_text("rival.example is no longer blocked")
    expect(page.locator("#blocked-domains")).to_contain_text("No domain is blocked.")
