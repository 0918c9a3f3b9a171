"""In Chromium: add a blog in the directory, let the scheduler crawl it, refresh it again."""

from __future__ import annotations

import pytest

from outreach.commands.crawl import run_crawl_tick
from tests.conftest import sign_in
from tests.crawlers.conftest import GOLDEN, site  # noqa: F401  (the local server fixture)

pytestmark = pytest.mark.browser


def test_add_blog_and_see_it_crawled(live_server, page, users, site):  # noqa: F811
    site.route("/blog/", body=(GOLDEN / "homepage.html").read_bytes(), content_type="text/html")
    site.golden("/blog/feed.xml", "rss.xml")
    live_server.app.config["CRAWL_POLITENESS_SECONDS"] = 0.0
    sign_in(page, live_server.url, "staff@example.com")
    page.click("nav >> text=Blogs")
    page.fill("#url", site.url + "/blog/")
    page.click("button:has-text('Add blog')")
    page.wait_for_selector("text=its feed is found and read on the next crawl")
    assert "Feed not found yet" in page.locator("#directory").inner_text()
    run_crawl_tick(live_server.app)
    page.reload()
    row = page.locator("#directory tbody tr").first
    assert "Morning Pour" in row.inner_text() and "OK" in row.inner_text()
    row.locator("button:has-text('Refresh now')").click()
    page.wait_for_selector("text=will be refreshed within a minute")
    row.locator("a").first.click()
    page.wait_for_selector("#posts article")
    assert page.locator("#posts article").count() == 2
