"""In Chromium: a manager archives and restores a campaign; an admin removes the duplicate blog
the crawler reported, by merging it into the one kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from outreach.core.models import Blog, Post
from tests.conftest import sign_in
from tests.factories import NOW, make_blogger, make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_manager_archives_and_restores(live_server, page, engine, users):
    with Session(engine) as session:
        campaign, _ = make_campaign_with_entries(session, users["manager"][0])
        campaign_id = campaign.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/edit")
    page.click("button:has-text('Archive')")
    page.wait_for_selector("text='Autumn launch' archived: it is read-only and hidden from lists.")
    expect(page.locator("#archived-note")).to_have_count(1)
    expect(page.locator("#bulk-form")).to_have_count(0)
    page.click("nav >> text=Campaigns")
    expect(page.locator("table.list")).to_have_count(0)
    page.click("text=Show the archived campaigns (1)")
    page.click("text=Autumn launch")
    page.click("#archived-note button:has-text('Restore')")
    page.wait_for_selector("text='Autumn launch' restored.")
    expect(page.locator("#bulk-form")).to_have_count(1)


def test_admin_merges_the_duplicate_blog(live_server, page, engine, users):
    with Session(engine) as session:
        keeper = make_blogger(session, "Maya", slug="maya")
        twin = make_blogger(session, "Maya twin", slug="maya-twin")
        keep_blog = session.exec(select(Blog).where(Blog.blogger_id == keeper.id)).one()
        drop_blog = session.exec(select(Blog).where(Blog.blogger_id == twin.id)).one()
        drop_blog.error_count = 1
        drop_blog.last_error = f"this is the same feed as blog {keep_blog.id}: remove one of them"
        session.add(Post(blog_id=drop_blog.id, key="k", title="Twin post", published_at=NOW))
        session.commit()
        keep_id, drop_id = keep_blog.id, drop_blog.id
    sign_in(page, live_server.url, "admin@example.com")
    page.click("nav >> text=Blogs")
    page.click(f"tr[data-blog='{drop_id}'] a.merge-duplicate")
    assert page.locator("#target").input_value() == str(keep_id)
    assert "1 posts" in page.locator("#lifecycle-counts").inner_text()
    page.click("button:has-text('Merge')")
    page.wait_for_selector("text=Merged https://maya-twin.example/feed into Maya's blog (1 posts")
    assert "Maya" in page.locator("h1").inner_text()
    page.click("nav >> text=Blogs")
    expect(page.locator(f"tr[data-blog='{drop_id}']")).to_have_count(0)
