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


def test_a_ranking_is_vetted_for_a_campaign(live_server, page, engine, users):
    from outreach.core.campaigns import create_campaign
    from outreach.core.models import Niche, User
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import Collection

    with Session(engine) as session:
        collection = Collection(session)
        for number in range(6):
            collection.blog(f"Cook {number}", ["cooking"] * 6)
        collection.blog("Rita Runner", ["running"] * 8, extra={1: "A night at the casino."})
        refresh_index(session, app_index_dir(live_server.app), rebuild=True)
        niche = Niche(name="Trail running", brief="Trail running, marathon training and race pace")
        session.add(niche)
        create_campaign(session, session.get(User, users["manager"][0]), "Trail season", brand="Trailfox",
                        avoid_terms=["casino"])
        session.commit()
        niche_id = niche.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/niches/{niche_id}/")
    page.select_option("#vet", label="Trail season")
    page.click("button:has-text('Vet')")
    expect(page.locator("#vetting-note")).to_contain_text("the words Trailfox avoids: casino")
    expect(page.locator("li[data-blog]", has_text="Rita Runner").locator("[data-testid=vetting-flag]")).to_have_text(
        "Writes casino (1 of 8)")
