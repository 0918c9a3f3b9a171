"""In Chromium: find candidate blogs from a niche's best bloggers, add one, reject another."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from outreach.web.search import app_index_dir
from scoring import refresh_index
from tests.conftest import sign_in
from tests.web.test_discovery import linking_blogs

pytestmark = pytest.mark.browser


def test_discover_blogs_from_a_niche_then_add_and_reject(live_server, page, engine, users):
    with Session(engine) as session:
        linking_blogs(session)
        refresh_index(session, app_index_dir(live_server.app), rebuild=True)
    sign_in(page, live_server.url, "staff@example.com")
    page.click("nav >> text=Blogs")
    page.click("text=Discover blogs")
    expect(page.locator("#candidates .empty")).to_contain_text("No candidates waiting")
    page.select_option("#niche_id", label="Running")
    page.click("button:has-text('Find candidates')")
    expect(page.locator(".flashes")).to_contain_text(
        "new candidates from the links in the recent posts of the")
    rows = page.locator("#candidates tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("trail-friend.example")
    expect(rows.first.locator(".candidate-posts")).to_have_text("Not read yet: the next crawl reads its feed.")
    rows.first.locator("input[type=checkbox]").check()
    page.click("#candidates button:has-text('Read again')")
    expect(page.locator("body")).to_contain_text("Marked to read again 1 of the 1 checked candidates")
    expect(rows).to_have_count(2)
    rows.first.locator("input[type=checkbox]").check()
    page.click("button:has-text('Add as blogs')")  # CSRF is on here: the form posts its own token
    expect(page.locator("body")).to_contain_text("Added 1 of the 1 checked candidates")
    expect(rows).to_have_count(1)
    rows.first.locator("input[type=checkbox]").check()
    page.click("#candidates button:has-text('Reject')")
    expect(page.locator("body")).to_contain_text("Rejected 1 of the 1 checked candidates.")
    expect(page.locator("#candidates .empty")).to_be_visible()
    page.click("text=Back to the blogs")
    expect(page.locator("#directory")).to_contain_text("trail-friend.example")


def test_a_read_candidate_shows_its_posts_and_place_and_is_added_with_its_feed(live_server, page, engine, users,
                                                                              site, options):
    from sqlmodel import select

    from outreach.core.models import BlogCandidate, Niche
    from outreach.jobs.discovery import read_waiting_candidates
    from tests.jobs.test_candidate_feeds import serve_blog

    with Session(engine) as session:
        linking_blogs(session)
        refresh_index(session, app_index_dir(live_server.app), rebuild=True)
        niche_id = session.exec(select(Niche.id)).one()
        session.add(BlogCandidate(url=serve_blog(site, "trails", "running"), site="trails.example",
                                  details={"found_for": [niche_id]}))
        session.commit()
    read_waiting_candidates(engine, app_index_dir(live_server.app), options)
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/blogs/candidates?niche={niche_id}")
    row = page.locator("#candidates tbody tr", has_text="trails.example")
    expect(row).to_contain_text("Trails Weekly")
    expect(row.locator(".candidate-posts li")).to_have_count(3)
    expect(row.locator(".candidate-posts li").first).to_have_text("trails on running #0")
    expect(row.locator(".candidate-fit")).to_contain_text("#1 of 7")
    row.locator("input[type=checkbox]").check()
    page.click("button:has-text('Add as blogs')")
    expect(page.locator("body")).to_contain_text("Added 1 of the 1 checked candidates")
    page.goto(f"{live_server.url}/blogs/")
    expect(page.locator("#directory")).to_contain_text("Trails Weekly")
