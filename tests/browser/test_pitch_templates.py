"""In Chromium: write a pitch template, preview it for a blogger, fix what is unfilled, log it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_template_preview_and_log(live_server, page, engine, users):
    with Session(engine) as session:
        campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
        entry_id, campaign_id = entry.id, campaign.id
    sign_in(page, live_server.url, "manager@example.com")
    page.click("nav >> text=Templates")
    page.fill("#name", "Intro")
    page.fill("#subject", "A note for {{ blog_name }}")
    page.fill("#body", "Hi {{ first_name }}, about {{ best_post_title }}.")
    page.click("button:has-text('Save template')")
    page.wait_for_selector("text=Template 'Intro' saved.")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.select_option("#pitch-template_id", label="Intro")
    page.click("button:has-text('Preview')")
    page.wait_for_selector("[data-testid=unfilled]")
    assert "{{ best_post_title }}" in page.locator("[data-testid=unfilled]").inner_text()
    assert page.input_value("#pitch-subject") == "A note for Maya Pour's blog"
    page.click("button:has-text('Log pitch')")
    page.wait_for_selector("text=Fill in {{ best_post_title }} before saving")
    page.fill("#pitch-message", "Hi Maya, about your cold brew guide.")
    page.click("button:has-text('Log pitch')")
    page.wait_for_selector("text=Pitch logged.")
    assert "A note for Maya Pour's blog" in page.locator("#timeline").inner_text()
    # The pitch remembers its template: the dashboard compares templates by the answers they get.
    page.goto(f"{live_server.url}/dashboard/?campaign={campaign_id}")
    row = page.locator("#templates-table tbody tr").first
    expect(row.locator("td").nth(0)).to_have_text("Intro")
    expect(row.locator("td").nth(1)).to_have_text("1")
