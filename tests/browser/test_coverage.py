"""In Chromium: confirm proposed coverage on an entry and record its measures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from outreach.core.coverage import propose_coverage
from outreach.core.models import User, utcnow
from outreach.core.pipeline import log_pitch
from tests.conftest import sign_in
from tests.core.test_coverage import add_post, setup

pytestmark = pytest.mark.browser


def test_confirm_coverage(live_server, page, engine, users):
    with Session(engine) as session:
        manager, campaign, entry, _, blog = setup(session, users)
        log_pitch(session, session.get(User, manager.id), entry, channel="email", subject="Hello", message="",
                  follow_up_on=None, sent_at=utcnow() - timedelta(days=2))
        post = add_post(session, blog, "Cold brew day", "Testing the Northbrew kettle")
        propose_coverage(session, blog.blogger_id, [post.id])
        session.commit()
        entry_id = entry.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    assert "Testing the Northbrew kettle" in page.locator("#coverage").inner_text()
    page.click("button:has-text('Confirm coverage')")
    page.wait_for_selector("text=Coverage confirmed.")
    expect(page.locator("[data-testid=stage]")).to_have_text("Covered", use_inner_text=True)
    page.fill("input[name$='-shares']", "25")
    page.click("button:has-text('Save measures')")
    page.wait_for_selector("text=Measures saved.")
    assert page.input_value("input[name$='-shares']") == "25"
