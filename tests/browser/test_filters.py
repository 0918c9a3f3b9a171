"""In Chromium: a manager filters the board; a staff member saves a directory view and a
colleague opens it from its link."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from outreach.core.models import Blog, Blogger
from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_manager_filters_the_board(live_server, page, engine, users):
    with Session(engine) as session:
        campaign, (ann, ben, cat) = make_campaign_with_entries(session, users["manager"][0], names=("Ann", "Ben", "Cat"))
        ben.owner_id = None
        session.get(Blogger, cat.blogger_id).do_not_contact = True
        session.add(ben)
        session.commit()
        campaign_id = campaign.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    expect(page.locator(".card-item")).to_have_count(3)
    page.select_option("#owner", label="Nobody")
    page.click("button:has-text('Filter')")
    page.wait_for_url("**owner=none**")
    assert page.locator(".card-item .card-title").all_inner_texts() == ["Ben"]
    expect(page.locator(".column-head .count").first).to_have_text("1", use_inner_text=True)
    page.click("text=Show every card")
    page.wait_for_url(f"{live_server.url}/campaigns/{campaign_id}/")
    page.select_option("#flag", label="Do not contact")
    page.fill("#q", "ca")
    page.click("button:has-text('Filter')")
    page.wait_for_url("**q=ca**")
    assert page.locator(".card-item .card-title").all_inner_texts() == ["Cat"]


def test_saved_view_is_shared_by_link(live_server, browser, page, engine, users):
    with Session(engine) as session:
        for name in ("Coffee Corner", "Coffee Lab", "Tea Time"):
            slug = name.lower().replace(" ", "-")
            session.add(Blog(feed_url=f"https://{slug}.example/feed", homepage_url=f"https://{slug}.example/", title=name))
        session.commit()
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/blogs/")
    page.fill("#q", "coffee")
    page.click("button:has-text('Search')")
    expect(page.locator("#result-count")).to_have_text("2 blogs", use_inner_text=True)
    page.fill("#name", "Coffee blogs")
    page.click("button:has-text('Save view')")
    page.wait_for_selector("text=Saved the view 'Coffee blogs'.")
    link = page.locator(".saved-view a", has_text="Coffee blogs").get_attribute("href")
    colleague = browser.new_context().new_page()
    sign_in(colleague, live_server.url, "manager@example.com")
    colleague.goto(f"{live_server.url}{link}")
    assert colleague.locator("#q").input_value() == "coffee"
    expect(colleague.locator("#result-count")).to_have_text("2 blogs", use_inner_text=True)
    expect(colleague.locator(".saved-view")).to_have_count(0)  # the view stays its owner's
    colleague.context.close()


def test_ranking_badges_and_hiding_the_do_not_contact(live_server, page, engine, users):
    from outreach.core.models import utcnow
    from outreach.core.niches import create_niche
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import NOW, Collection

    with Session(engine) as session:
        collection = Collection(session)
        for number in range(5):
            collection.blog(f"Other {number}", ["cooking"] * 6)
        lately = (NOW - utcnow()).days + 1  # the factory counts back from NOW: these posted yesterday
        rita = collection.blog("Rita Runner", ["running"] * 8, days_ago_last=lately)
        collection.blog("Rob Runner", ["running"] * 7, days_ago_last=lately)
        session.get(Blogger, rita.blogger_id).do_not_contact = True
        session.get(Blogger, rita.blogger_id).do_not_contact_reason = "asked us"
        refresh_index(session, app_index_dir(live_server.app), rebuild=True)
        niche = create_niche(session, "Trail", "trail running marathon race pace")
        session.commit()
        niche_id, rita_blog = niche.id, rita.id
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/niches/{niche_id}/")
    rita_row = page.locator(f"#ranking li[data-blog='{rita_blog}']")
    expect(rita_row.locator(".flag-dnc")).to_have_text("Do not contact", use_inner_text=True)
    assert rita_row.locator(".flag-dnc").get_attribute("title") == "asked us"
    page.click("summary:has-text('Hide rows')")
    page.check("input[name=hide_dnc]")
    page.click("button:has-text('Apply')")
    page.wait_for_url("**hide_dnc=1**")
    expect(page.locator(f"#ranking li[data-blog='{rita_blog}']")).to_have_count(0)
    assert "Rob Runner" in page.locator("#ranking li").first.inner_text()
    expect(page.locator("#hidden-count")).to_have_text("(1 hidden)", use_inner_text=True)
    assert page.locator("input[name=hide_dnc]").is_checked()  # the fold stays open while rows are hidden
