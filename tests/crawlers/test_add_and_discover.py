"""Adding blogs by homepage or feed URL, and discovering candidates from known blogs."""

from __future__ import annotations

import pytest
from sqlmodel import select

from crawlers.add import AddBlogError, add_blog, discover_feed
from crawlers.candidates import discover_candidates
from crawlers.discover import blogroll_candidates, feed_links, soup_of
from crawlers.refresh import refresh_blog
from outreach.core.candidates import accept_candidate, reject_candidate
from outreach.core.models import Blog, BlogCandidate, BlogTag, Post, utcnow
from outreach.core.urls import BadUrl, host_of, join_url, normalise_url, site_of
from tests.local_site import GOLDEN


def serve_blog(site):
    site.route("/blog/", body=(GOLDEN / "homepage.html").read_bytes(), content_type="text/html")
    site.golden("/blog/feed.xml", "rss.xml")
    site.golden("/blog/comments/feed.xml", "atom.xml")


def test_feed_links_resolve_against_base_and_prefer_posts_over_comments():
    soup = soup_of((GOLDEN / "homepage.html").read_bytes())
    assert feed_links(soup, "http://blog.example/some/page") == [
        "http://blog.example/blog/feed.xml", "http://blog.example/blog/comments/feed.xml"]


def test_add_from_homepage_autodiscovers_the_main_feed(session, site, fetcher):
    serve_blog(site)
    blog, created = add_blog(session, site.url + "/blog/", fetcher, tags=["Coffee", "coffee "])
    session.commit()
    assert created and blog.feed_url == site.url + "/blog/feed.xml"
    assert blog.title == "Morning Pour"
    assert session.exec(select(BlogTag.tag)).all() == ["coffee"]


def test_add_from_feed_url_takes_homepage_from_feed(session, site, fetcher):
    site.golden("/feed.xml", "rss.xml")
    blog, _ = add_blog(session, site.url + "/feed.xml", fetcher)
    assert blog.homepage_url == "http://blog.example/"


def test_same_blog_is_never_stored_twice(session, site, fetcher):
    serve_blog(site)
    first, _ = add_blog(session, site.url + "/blog/", fetcher)
    again, created = add_blog(session, site.url.upper().replace("HTTP://", "http://") + "/blog/#top", fetcher)
    by_feed, created_by_feed = add_blog(session, site.url + "/blog/feed.xml?utm_source=x", fetcher)
    assert not created and not created_by_feed and first.id == again.id == by_feed.id
    assert len(session.exec(select(Blog)).all()) == 1


def test_no_declared_feed_probes_common_paths(session, site, fetcher):
    site.route("/", body=b"<html><head><title>Plain</title></head><body>Hi</body></html>", content_type="text/html")
    site.golden("/atom.xml", "atom.xml", content_type="application/atom+xml")
    found = discover_feed(fetcher, site.url + "/")
    assert found.feed_url == site.url + "/atom.xml"
    assert [request.path for request in site.requests][:4] == ["/", "/feed", "/rss", "/rss.xml"]


def test_clear_errors_when_nothing_is_found(site, fetcher):
    site.route("/", body=b"<html><body>no feed</body></html>", content_type="text/html")
    with pytest.raises(AddBlogError, match="no feed found"):
        discover_feed(fetcher, site.url + "/")
    with pytest.raises(AddBlogError, match="only http and https"):
        discover_feed(fetcher, "ftp://example.com/")
    with pytest.raises(AddBlogError, match="answered HTTP 404"):
        discover_feed(fetcher, site.url + "/missing")


def test_url_normalisation():
    assert normalise_url("HTTPS://Example.COM:443/Path/?b=2&utm_medium=x#frag") == "https://example.com/Path/?b=2"
    assert normalise_url("example.com") == "http://example.com/"
    with pytest.raises(BadUrl):
        normalise_url("mailto:someone@example.com")


def test_unparseable_urls_are_refused_not_raised():
    # An unclosed "[" in the host or a port out of range makes urllib raise ValueError.
    for url, base in (("/p", "http://[x/"), ("http://[x/", "http://blog.example/"), ("http://[::1/p", None),
                      ("http://a:99999999/", None)):
        with pytest.raises(BadUrl, match="not a valid URL"):
            normalise_url(url, base=base)
    assert site_of("http://[x/") == "" and host_of("http://[x/") == "" and site_of("http://a:99999999/") == ""
    assert join_url("http://blog.example/a/", "b") == "http://blog.example/a/b"
    assert join_url("http://[x/", "b") is None and join_url("http://blog.example/", "http://[x/") is None
    assert join_url("http://blog.example/", "//a:99999999/") is None


def test_feed_links_skip_a_hostile_href_and_ignore_a_hostile_base():
    soup = soup_of(b'<html><head><base href="http://[x/">'
                   b'<link rel="alternate" type="application/rss+xml" href="http://[y/feed">'
                   b'<link rel="alternate" type="application/rss+xml" href="feed.xml"></head></html>')
    assert feed_links(soup, "http://blog.example/blog/") == ["http://blog.example/blog/feed.xml"]


def test_add_from_a_homepage_with_a_hostile_feed_link_still_finds_the_feed(session, site, fetcher):
    site.route("/blog/", content_type="text/html", body=(
        b'<html><head><link rel="alternate" type="application/rss+xml" title="Bad" href="http://[x/feed">'
        b'<link rel="alternate" type="application/rss+xml" href="feed.xml"></head><body>Hi</body></html>'))
    site.golden("/blog/feed.xml", "rss.xml")
    blog, created = add_blog(session, site.url + "/blog/", fetcher)
    assert created and blog.feed_url == site.url + "/blog/feed.xml"


def test_blogroll_candidates_one_per_site_without_social_or_shops():
    soup = soup_of((GOLDEN / "homepage.html").read_bytes())
    found = blogroll_candidates(soup, "http://blog.example/blog/")
    assert [candidate.url for candidate in found] == ["http://friend.example/", "http://second.example/"]
    assert {candidate.how for candidate in found} == {"blogroll"}


def test_discover_candidates_from_blogroll_and_post_links_then_accept(session, site, fetcher, options):
    serve_blog(site)
    blog, _ = add_blog(session, site.url + "/blog/", fetcher)
    blog.homepage_url = site.url + "/blog/"
    session.commit()
    refresh_blog(session, blog.id, options=options, fetcher=fetcher)
    found = discover_candidates(session, fetcher, limit=10)
    session.commit()
    urls = {candidate.url: candidate for candidate in found}
    assert set(urls) == {"http://friend.example/", "http://second.example/", "http://other.example/"}
    assert urls["http://other.example/"].found_how == "post link"
    assert discover_candidates(session, fetcher, limit=10) == []  # one per site, never twice
    friend = urls["http://friend.example/"]
    assert session.get(BlogCandidate, friend.id).times_seen == 1  # linked from one blog, however often it runs
    added = accept_candidate(session, friend)
    reject_candidate(session, urls["http://second.example/"])
    session.commit()
    assert added.status == "pending" and added.source == "discovered"
    statuses = dict(session.exec(select(BlogCandidate.url, BlogCandidate.status)).all())
    assert statuses["http://second.example/"] == "rejected"


def test_discover_skips_hostile_links_and_still_proposes_the_good_ones(session, site, fetcher):
    site.route("/blog/", content_type="text/html", body=(
        b'<html><head><base href="http://[x/"></head><body><aside class="blogroll"><ul>'
        b'<li><a href="http://[::1/p">Broken</a></li><li><a href="http://a:99999999/">Port</a></li>'
        b'<li><a href="http://friend.example/">Friend</a></li></ul></aside></body></html>'))
    blog = Blog(feed_url=site.url + "/blog/feed.xml", homepage_url=site.url + "/blog/", source="url")
    session.add(blog)
    session.flush()
    session.add(Post(blog_id=blog.id, key="1", url=site.url + "/blog/1", published_at=utcnow(),
                     content_html='<p><a href="http://[x/">bad</a> <a href="http://other.example/post">good</a></p>'))
    session.commit()
    found = discover_candidates(session, fetcher, limit=10)
    assert {(candidate.url, candidate.found_how) for candidate in found} == {
        ("http://friend.example/", "blogroll"), ("http://other.example/", "post link")}


def test_pending_blog_finds_its_feed_on_first_refresh(session, site, options):
    from outreach.core.blog_intake import create_blog

    serve_blog(site)
    pending = create_blog(session, site.url + "/blog/", "", "", source="csv", status="pending")
    session.commit()
    result = refresh_blog(session, pending.id, options=options)
    session.expire_all()
    blog = session.get(Blog, pending.id)
    assert result.new_posts == 2 and blog.status == "active" and blog.feed_url == site.url + "/blog/feed.xml"
