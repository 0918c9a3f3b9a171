"""In Chromium: a note on a profile that @mentions a colleague, who finds it among their alerts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in
from tests.factories import make_blogger

pytestmark = pytest.mark.browser


def test_a_mentioned_colleague_finds_the_note_in_their_alerts(live_server, page, browser, users, session):
    maya = make_blogger(session, "Maya Pour", slug="maya")
    session.commit()
    sign_in(page, live_server.url, "staff@example.com")
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/bloggers/{maya.id}/")
    expect(page.locator(".hint", has_text="name them with @")).to_be_visible()
    page.fill("#note-body", "@manager she prefers samples in spring")
    page.click("button:has-text('Add note')")
    page.wait_for_selector("#timeline >> text=she prefers samples in spring")
    colleague = browser.new_context().new_page()
    sign_in(colleague, live_server.url, "manager@example.com")
    colleague.wait_for_selector("h1")
    colleague.goto(live_server.url + "/alerts/")
    alert = colleague.locator("text=Staff mentioned you in a note on Maya Pour")
    expect(alert).to_be_visible()
    colleague.context.close()
