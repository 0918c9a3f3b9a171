"""In Chromium: add a YouTube channel and a Mastodon account by the URLs a person would paste,
let the scheduler crawl them (platforms answered by recordings on 127.0.0.1), merge them into
one person, and read their channels and open engagement with its source and time."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from outreach.jobs.scheduler import run_crawl_tick
from outreach.web.db import get_engine
from outreach.web.search import app_index_dir
from tests.conftest import sign_in
from tests.platform_site import serve_mastodon, serve_youtube, setting_for

pytestmark = pytest.mark.browser


def add_by_url(page, url):
    page.fill("#url", url)
    page.click("button:has-text('Add blog')")
    page.wait_for_selector("text=its feed is found and read on the next crawl")


def test_add_a_youtube_channel_and_a_mastodon_account_and_see_one_person(live_server, page, users, site):
    serve_youtube(site)
    serve_mastodon(site)
    app = live_server.app
    app.config.update(CRAWL_POLITENESS_SECONDS=0.0, PLATFORM_BASES=setting_for(site))
    sign_in(page, live_server.url, "staff@example.com")
    page.click("nav >> text=Blogs")
    add_by_url(page, site.url + "/yt/@ridgegearlab")
    add_by_url(page, site.url + "/@dana")
    run_crawl_tick(get_engine(app), app_index_dir(app), app.config, report=print)
    page.reload()
    rows = page.locator("#directory tbody tr")
    expect(rows).to_have_count(2)
    assert "YouTube" in rows.filter(has_text="Ridge Gear Lab").inner_text()
    assert "Mastodon" in rows.filter(has_text="Dana Okafor").inner_text()
    page.locator("#directory tbody tr", has_text="Dana Okafor").locator("a").first.click()
    page.wait_for_selector("#channels .channel")
    page.fill("#merge-other", site.url + "/yt/@ridgegearlab")
    page.click("button:has-text('Merge into this blogger')")
    page.wait_for_selector("text=their channels are now this blogger's")
    channels = page.locator("#channels .channel")
    expect(channels).to_have_count(2)
    mastodon = page.locator("#channels .channel[data-platform='mastodon']").inner_text()
    assert "2,840 followers" in mastodon and "shown, never ranked" in mastodon
    assert re.search(r"From Mastodon API \(127\.0\.0\.1:\d+\), read \d{4}-\d\d-\d\d \d\d:\d\d UTC", mastodon)
    assert "Applause" in mastodon and "69 likes or ratings per post" in mastodon
    youtube = page.locator("#channels .channel[data-platform='youtube']").inner_text()
    assert "YouTube" in youtube and "Views" in youtube and re.search(r"From YouTube feed, read \d{4}-", youtube)
    overall = page.locator("#engagement").inner_text()
    assert "Conversation" in overall and "Amplification" in overall and "(6 posts)" in overall
    posts = page.locator("#posts").inner_text()
    assert "98,210 views" in posts and "from YouTube feed, read" in posts
