"""In Chromium: describe a niche, read the ranking's evidence, shortlist into a campaign."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from outreach.web.search import app_index_dir
from scoring import refresh_index
from tests.conftest import sign_in
from tests.factories import Collection, make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_niche_rank_and_shortlist(live_server, page, engine, users):
    with Session(engine) as session:
        collection = Collection(session)
        for number in range(6):
            collection.blog(f"Other {number}", ["cooking"] * 6)
        collection.blog("Rita Runner", ["running"] * 8)
        refresh_index(session, app_index_dir(live_server.app), rebuild=True)
        make_campaign_with_entries(session, users["manager"][0], names=())
    sign_in(page, live_server.url, "manager@example.com")
    page.click("nav >> text=Niches")
    page.fill("#name", "Trail running")
    page.fill("#brief", "We want bloggers who write about trail running, marathon training and race pace")
    page.select_option("#discover_every", label="Every week")
    page.click("button:has-text('Create and rank')")
    page.wait_for_selector("#ranking")
    with Session(engine) as session:
        from outreach.core.models import Niche

        assert session.exec(select(Niche.discover_every_days)).one() == 7
    expect(page.locator("#brief-reading")).to_have_text(
        "Left out of the match, as words of asking: we, want, bloggers, write.")
    # The form's hidden default button (it makes Enter in a field do nothing) takes no room.
    expect(page.locator(".implicit-submit")).to_be_hidden()
    first = page.locator("#ranking li").first
    assert "Rita Runner" in first.locator(".ranked-name").inner_text()
    assert "in 8 of 8 recent posts; dormant: last post" in first.locator("[data-testid=summary]").inner_text()
    assert "100% of 8 recent posts" not in first.inner_text()  # the evidence waits to be opened
    first.locator(".ranked-evidence > summary").click()
    assert "100% of 8 recent posts" in first.inner_text()
    assert "of its words on average (best posts:" in first.locator("dd", has_text="best posts").inner_text()
    first.locator("input[name=blog_id]").check()
    page.select_option("#campaign_id", label="Autumn launch")
    page.click("button:has-text('Shortlist')")
    page.wait_for_selector("text=Shortlisted 1 blogger into 'Autumn launch'.")
    page.click("nav >> text=Campaigns")
    page.click("text=Autumn launch")
    expect(page.locator(".card-item")).to_have_count(1)
    assert "Rita Runner" in page.locator(".card-item").inner_text()


def test_a_ranking_of_35_blogs_reads_in_a_few_screens(live_server, page, engine, users):
    with Session(engine) as session:
        collection = Collection(session)
        for number in range(33):
            collection.blog(f"Other {number}", ["cooking"] * 5 + ["running"])
        collection.blog("Rita Runner", ["running"] * 8)
        collection.blog("Ray Runner", ["running"] * 6 + ["cooking"] * 2)
        refresh_index(session, app_index_dir(live_server.app), rebuild=True)
    sign_in(page, live_server.url, "manager@example.com")
    page.click("nav >> text=Niches")
    page.fill("#name", "Trail running")
    page.fill("#brief", "Trail running, marathon training and race pace")
    page.click("button:has-text('Create and rank')")
    page.wait_for_selector("#ranking")
    expect(page.locator("#ranking > li")).to_have_count(35)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 35 * 140, f"the ranking is {height} px high"
    summary = page.locator("#ranking > li").first.locator("[data-testid=summary]").inner_text()
    assert " match (" in summary and "writes about " in summary and "in 8 of 8 recent posts" in summary


def test_marking_blogs_on_a_ranking_reshapes_it(live_server, page, engine, users):
    with Session(engine) as session:
        from outreach.core.models import Niche

        collection = Collection(session)
        for number in range(5):
            collection.blog(f"Cook {number}", ["cooking"] * 6)
        collection.blog("Rita Runner", ["running"] * 8)
        collection.blog("Dinner Runner", ["running"] * 3 + ["cooking"] * 5)
        session.add(Niche(name="Running", brief="trail running and marathon training"))
        session.commit()
        refresh_index(session, app_index_dir(live_server.app), rebuild=True)
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/niches/1/")
    row = page.locator("#ranking li", has_text="Dinner Runner")
    row.locator("button.fit-poor").click()
    expect(page.locator(".flash", has_text="Marked not a fit")).to_be_visible()
    expect(page.locator("#ranking li", has_text="Dinner Runner")).to_have_count(0)
    expect(page.locator("#fit-count")).to_contain_text("away from 1 marked not a fit")
    page.locator("#fit-count a", has_text="show them").click()
    shown = page.locator("#ranking li", has_text="Dinner Runner")
    expect(shown.locator("button.fit-poor")).to_have_attribute("aria-pressed", "true")
    page.locator("#ranking li", has_text="Rita Runner").locator("button.fit-good").click()
    expect(page.locator("#ranking li", has_text="Rita Runner").locator("button.fit-good")).to_have_attribute(
        "aria-pressed", "true")
    # Pressed again, a mark is cleared.
    page.locator("#ranking li", has_text="Dinner Runner").locator("button.fit-poor").click()
    expect(page.locator("#ranking li", has_text="Dinner Runner").locator("button.fit-poor")).to_have_attribute(
        "aria-pressed", "false")
    with Session(engine) as session:
        from outreach.core.models import NicheFit

        assert [fit.fit for fit in session.exec(select(NicheFit)).all()] == [True]
    # Checked on the bulk bar, several at once.
    for name in ("Cook 0", "Cook 1"):
        page.locator("#ranking li", has_text=name).locator("input[name=blog_id]").check()
    page.locator(".bulk-bar button.fit-bulk-poor").click()
    expect(page.locator(".flash", has_text="those 2 blogs are hidden")).to_be_visible()
    expect(page.locator("#fit-count")).to_contain_text("away from 2 marked not a fit")


def test_rank_and_list_the_bloggers_writing_in_one_language(live_server, page, engine, users):
    from outreach.core.models import Blog, Niche

    with Session(engine) as session:
        collection = Collection(session)
        for number in range(4):
            collection.blog(f"Other {number}", ["cooking"] * 6)
        collection.blog("Rita Runner", ["running"] * 8)
        collection.blog("Lena Läuferin", ["running"] * 6 + ["cooking"] * 2)
        for blog in session.exec(select(Blog)):
            blog.language = "de" if blog.title.startswith("Lena") else "en"
        session.add(Niche(name="Running", brief="trail running and marathon training"))
        refresh_index(session, app_index_dir(live_server.app), rebuild=True)
        session.commit()
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/niches/1/")
    expect(page.locator("#ranking li").first.locator(".ranked-name")).to_have_text("Rita Runner")
    page.select_option("#language", label="German (1)")
    page.click(".language-filter button:has-text('Show')")
    expect(page.locator("#ranking li .ranked-name")).to_have_text(["Lena Läuferin"])
    expect(page.locator(".language-filter")).to_contain_text("Scores are as among all blogs.")
    page.goto(f"{live_server.url}/blogs/")
    page.select_option("#language", label="German (1)")
    page.click("form.filters button:has-text('Search')")
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr")).to_contain_text("German")
