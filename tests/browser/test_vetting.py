"""In Chromium: a manager names the words the brand avoids in the campaign's settings, and the
entry of a blogger who writes them shows the posts before anyone pitches."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries
from tests.web.test_vetting import maya_writes

pytestmark = pytest.mark.browser


def test_words_the_brand_avoids_show_on_the_entry(live_server, page, engine, users):
    with Session(engine) as session:
        campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
        maya_writes(session, maya.blogger_id, [("Pods", "My RivalBrew pods arrived."), ("Beans", "Good beans.")])
        campaign_id, entry_id = campaign.id, maya.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/edit")
    page.fill("#avoid_terms", "Rivalbrew, politics")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Campaign saved.")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    expect(page.locator("#vetting")).to_contain_text("1 of their 2 newest posts uses words the brand avoids")
    expect(page.locator("#vetting a")).to_have_text("Pods")
    expect(page.locator("#vetting blockquote")).to_contain_text("My RivalBrew pods arrived.")
    expect(page.locator(".warnings")).to_contain_text("words the brand avoids: Rivalbrew")
