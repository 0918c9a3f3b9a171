"""In Chromium: a manager filters the board; a staff member saves a directory view and a
colleague opens it from its link."""

from __future__ import annotations

import pytest
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
    assert page.locator(".card-item").count() == 3
    page.select_option("#owner", label="Nobody")
    page.click("button:has-text('Filter')")
    assert page.locator(".card-item .card-title").all_inner_texts() == ["Ben"]
    assert page.locator(".column-head .count").first.inner_text() == "1"
    page.click("text=Show every card")
    page.select_option("#flag", label="Do not contact")
    page.fill("#q", "ca")
    page.click("button:has-text('Filter')")
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
    assert page.locator("#result-count").inner_text() == "2 blogs"
    page.fill("#name", "Coffee blogs")
    page.click("button:has-text('Save view')")
    page.wait_for_selector("text=Saved the view 'Coffee blogs'.")
    link = page.locator(".saved-view a", has_text="Coffee blogs").get_attribute("href")
    colleague = browser.new_context().new_page()
    sign_in(colleague, live_server.url, "manager@example.com")
    colleague.goto(f"{live_server.url}{link}")
    assert colleague.locator("#q").input_value() == "coffee"
    assert colleague.locator("#result-count").inner_text() == "2 blogs"
    assert colleague.locator(".saved-view").count() == 0  # the view stays its owner's
    colleague.context.close()
