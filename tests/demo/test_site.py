"""The demo's sample blogs: enough of them, and served as valid feeds and pages."""

from __future__ import annotations

from collections import Counter

import feedparser
import httpx
import pytest

from outreach.demo.site import DemoServer, load_blogs, load_niches


def test_sample_content_is_rich_enough():
    blogs = load_blogs()
    assert len(blogs) >= 30
    niches = Counter(blog.data["niche"] for blog in blogs.values())
    assert len(niches) >= 5
    assert all(len(blog.data["posts"]) >= 10 for blog in blogs.values())
    assert all(slug in blogs for blog in blogs.values() for slug in blog.data["blogroll"])
    assert len(load_niches()) >= 5


@pytest.fixture(scope="module")
def server():
    with DemoServer() as running:
        yield running


def test_every_feed_parses_with_all_posts(server):
    for slug, blog in load_blogs().items():
        response = httpx.get(f"{server.url}/blogs/{slug}/feed")
        if blog.data["feed_format"] == "json":  # feedparser reads no JSON Feed
            document = response.json()
            assert len(document["items"]) == len(blog.data["posts"]), slug
            continue
        parsed = feedparser.parse(response.content, response_headers=dict(response.headers))
        assert not parsed.bozo, (slug, parsed.get("bozo_exception"))
        assert len(parsed.entries) == len(blog.data["posts"]), slug
        assert parsed.feed.get("link", "").endswith(f"/blogs/{slug}/")


def test_homepage_declares_feed_and_links_pages(server):
    page = httpx.get(f"{server.url}/blogs/ridgeline-miles/").text
    assert 'rel="alternate"' in page and "/blogs/ridgeline-miles/feed" in page
    assert "/about/" in page and "/contact/" in page and "Blogroll" in page
    about = httpx.get(f"{server.url}/blogs/ridgeline-miles/about/").text
    assert 'rel="me"' in about and "h-card" in about
    assert httpx.get(f"{server.url}/blogs/nope/").status_code == 404
    assert httpx.get(f"{server.url}/blogs/ridgeline-miles/posts/999/").status_code == 404


def test_obfuscated_emails_are_obfuscated(server):
    obfuscated = [blog for blog in load_blogs().values() if blog.data["email_style"] == "obfuscated"]
    assert obfuscated
    page = httpx.get(f"{server.url}/blogs/{obfuscated[0].slug}/contact/").text
    assert "[at]" in page and "mailto:" not in page


def test_mastodon_accounts_are_served_as_a_mastodon_server_serves_them(server):
    feed = feedparser.parse(httpx.get(f"{server.url}/@maya.rss").content)
    assert not feed.bozo and len(feed.entries) == 6
    assert feed.entries[0].link.startswith(f"{server.url}/@maya/")
    account = httpx.get(f"{server.url}/api/v1/accounts/lookup", params={"acct": "maya"}).json()
    assert account["followers_count"] == 1840
    assert f'href="{server.url}/blogs/morning-pour/"' in account["fields"][0]["value"]
    statuses = httpx.get(f"{server.url}/api/v1/accounts/{account['id']}/statuses").json()
    assert [status["url"] for status in statuses] == [entry.link for entry in feed.entries]
    assert statuses[0]["favourites_count"] == 41
    about = httpx.get(f"{server.url}/blogs/morning-pour/about/").text
    assert f'rel="me" href="{server.url}/@maya"' in about  # the blog links back: one person, two channels
    assert httpx.get(f"{server.url}/@nobody.rss").status_code == 404
    assert httpx.get(f"{server.url}/api/v1/accounts/lookup", params={"acct": "nobody"}).status_code == 404
