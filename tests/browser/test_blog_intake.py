"""In Chromium: add a blog in the directory, let the scheduler crawl it, refresh it again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from outreach.jobs.scheduler import run_crawl_tick
from outreach.web.db import get_engine
from outreach.web.search import app_index_dir
from tests.conftest import sign_in
from tests.local_site import GOLDEN

pytestmark = pytest.mark.browser


def test_add_blog_and_see_it_crawled(live_server, page, users, site):
    site.route("/blog/", body=(GOLDEN / "homepage.html").read_bytes(), content_type="text/html")
    site.golden("/blog/feed.xml", "rss.xml")
    live_server.app.config["CRAWL_POLITENESS_SECONDS"] = 0.0
    sign_in(page, live_server.url, "staff@example.com")
    page.click("nav >> text=Blogs")
    page.fill("#url", "ftp://" + site.url.split("://")[1] + "/blog/")
    page.click("button:has-text('Add blog')")
    page.wait_for_selector("text=Not added:")
    assert page.input_value("#url").startswith("ftp://")  # what was typed is still there to fix
    page.fill("#url", site.url + "/blog/")
    page.click("button:has-text('Add blog')")
    page.wait_for_selector("text=its feed is found and read on the next crawl")
    assert "Feed not found yet" in page.locator("#directory").inner_text()
    app = live_server.app
    run_crawl_tick(get_engine(app), app_index_dir(app), app.config, report=print)
    page.reload()
    row = page.locator("#directory tbody tr").first
    assert "Morning Pour" in row.inner_text() and "OK" in row.inner_text()
    row.locator("button:has-text('Refresh now')").click()
    page.wait_for_selector("text=will be refreshed within a minute")
    row.locator("a").first.click()
    page.wait_for_selector("#posts article")
    expect(page.locator("#posts article")).to_have_count(2)
    assert "filed under grinders" in page.locator("#posts").inner_text()  # the feed's own tags


def test_import_a_list_from_the_directory(live_server, page, users):
    # CSRF is on here: the import form posts its own token.
    sign_in(page, live_server.url, "staff@example.com")
    page.click("nav >> text=Blogs")
    page.set_input_files("#file", str(GOLDEN / "lists.csv"))
    page.click("button:has-text('Import')")
    page.wait_for_selector("text=2 blogs added, 0 skipped as duplicates of blogs already in the directory, 3 rows with problems.")
    expect(page.locator("#directory tbody tr")).to_have_count(2)
    assert "lists.csv: line 3: no url" in page.content()


def test_importing_the_same_list_again_adds_no_duplicates(live_server, page, users, tmp_path):
    listing = tmp_path / "blogs.csv"
    listing.write_text("name,url\nMaya,https://maya.example/\nLeo,http://www.leo.example\n")
    again = tmp_path / "again.csv"
    again.write_text("name,url\nMaya,http://www.maya.example\nLeo,https://leo.example/\nNew,https://new.example/\n")
    sign_in(page, live_server.url, "staff@example.com")
    page.click("nav >> text=Blogs")
    page.set_input_files("#file", str(listing))
    page.click("button:has-text('Import')")
    page.wait_for_selector("text=2 blogs added, 0 skipped")
    page.set_input_files("#file", str(again))
    page.click("button:has-text('Import')")
    page.wait_for_selector("text=1 blogs added, 2 skipped as duplicates of blogs already in the directory")
    assert "again.csv: line 2: http://www.maya.example/ is already in the directory" in page.content()
    expect(page.locator("#directory tbody tr")).to_have_count(3)
