"""refresh_blog against a real server and a real database: storing, re-crawling, crawl health."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select
from werkzeug.wrappers import Response

from crawlers.refresh import refresh_blog
from outreach.core.blog_intake import create_blog
from outreach.core.models import Blog, Blogger, ContactDetail, Post
from tests.local_site import GOLDEN


def blog_for(session, site, path="/feed.xml", **fields):
    blog = create_blog(session, site.url + path, fields.pop("homepage", ""), "", source="url", **fields)
    session.commit()
    return blog


def posts(session, blog_id):
    return session.exec(select(Post).where(Post.blog_id == blog_id).order_by(Post.published_at)).all()


def test_first_crawl_stores_posts_and_crawl_state(session, site, options):
    site.route("/feed.xml", body=(GOLDEN / "rss.xml").read_bytes(), headers={"ETag": '"a"', "Last-Modified": "x"})
    blog = blog_for(session, site)
    result = refresh_blog(session, blog.id, options=options)
    assert (result.outcome, result.new_posts) == ("fetched", 2)
    session.refresh(blog)
    assert (blog.etag, blog.last_modified, blog.error_count, blog.title) == ('"a"', "x", 0, "Morning Pour")
    assert blog.last_post_at == datetime(2026, 10, 20, 5, 30, tzinfo=timezone.utc)
    assert blog.next_check_at > datetime.now(timezone.utc)
    stored = posts(session, blog.id)
    assert [post.comment_count for post in stored] == [None, 12]
    assert "script" not in stored[1].content_html


def test_feed_fills_in_site_details_but_never_overwrites_a_persons(session, site, options):
    site.route("/feed.xml", body=(GOLDEN / "rss.xml").read_bytes())
    blank = blog_for(session, site)
    named = blog_for(session, site, "/feed.xml?copy", homepage="https://kept.example/")
    named.title, named.description = "Our name", "Our words"
    session.commit()
    site.route("/feed.xml?copy", body=(GOLDEN / "rss.xml").read_bytes())
    for blog in (blank, named):
        assert refresh_blog(session, blog.id, options=options).outcome == "fetched"
        session.refresh(blog)
    assert (blank.title, blank.homepage_url) == ("Morning Pour", "http://blog.example/")
    assert blank.description == "Home coffee, one cup at a time"
    assert (named.title, named.homepage_url, named.description) == ("Our name", "https://kept.example/", "Our words")


def test_recrawl_never_duplicates_and_updates_edits(session, site, options):
    body = (GOLDEN / "rss.xml").read_bytes()
    site.route("/feed.xml", body=body)
    blog = blog_for(session, site)
    refresh_blog(session, blog.id, options=options)
    site.route("/feed.xml", body=body.replace(b"Coarse grind, twelve hours", b"Coarse grind, sixteen hours"))
    result = refresh_blog(session, blog.id, force=True, options=options)
    assert (result.new_posts, result.updated_posts) == (0, 1)
    texts = [post.text for post in posts(session, blog.id)]
    assert len(texts) == 2 and "sixteen hours" in texts[0]


def test_recrawl_stores_changed_tags_but_untagged_posts_are_not_rewritten(session, site, options):
    """Tags are indexed with the post: a new tag is an edit. A post without tags is not."""
    body = (GOLDEN / "rss.xml").read_bytes()
    site.route("/feed.xml", body=body)
    blog = blog_for(session, site)
    refresh_blog(session, blog.id, options=options)
    before = {post.key: post.content_hash for post in posts(session, blog.id)}
    site.route("/feed.xml", body=body.replace(b"<category>grinders</category>",
                                              b"<category>grinders</category><category>Espresso</category>"))
    result = refresh_blog(session, blog.id, force=True, options=options)
    assert (result.new_posts, result.updated_posts) == (0, 1)
    stored = {post.key: post for post in posts(session, blog.id)}
    assert stored["mp-1"].tags == ["grinders", "Espresso"]
    assert stored["mp-1"].content_hash != before["mp-1"]
    assert stored["mp-2"].tags == [] and stored["mp-2"].content_hash == before["mp-2"]


def test_304_touches_only_crawl_state(session, site, options):
    site.route("/feed.xml", lambda request: Response(status=304) if request.headers.get("If-None-Match")
               else Response((GOLDEN / "rss.xml").read_bytes(), headers={"ETag": '"a"'}))
    blog = blog_for(session, site)
    refresh_blog(session, blog.id, options=options)
    fetched_at = session.get(Blog, blog.id).last_fetched_at
    result = refresh_blog(session, blog.id, force=True, options=options)
    session.expire_all()
    again = session.get(Blog, blog.id)
    assert result.outcome == "unchanged" and again.last_fetched_at == fetched_at
    assert again.last_checked_at > fetched_at and len(posts(session, blog.id)) == 2


def test_304_clears_errors_and_releases_the_lease(session, site, options):
    site.route("/feed.xml", lambda request: Response(status=304) if request.headers.get("If-None-Match")
               else Response((GOLDEN / "rss.xml").read_bytes(), headers={"ETag": '"a"'}))
    blog = blog_for(session, site)
    refresh_blog(session, blog.id, options=options)
    blog = session.get(Blog, blog.id)
    blog.error_count, blog.last_error = 3, "HTTP 500 from the feed"
    blog.claimed_by, blog.claimed_until = "worker-1", datetime.now(timezone.utc) + timedelta(minutes=10)
    session.add(blog)
    session.commit()
    assert refresh_blog(session, blog.id, force=True, options=options).outcome == "unchanged"
    session.expire_all()
    again = session.get(Blog, blog.id)
    assert (again.error_count, again.last_error, again.claimed_by, again.claimed_until) == (0, "", "", None)
    assert again.next_check_at > again.last_checked_at


def test_304_keeps_the_interval_the_post_dates_gave(session, site, options):
    options = dataclasses.replace(options, max_interval_minutes=60 * 24 * 60)  # no clamp: the cadence shows
    site.route("/feed.xml", lambda request: Response(status=304) if request.headers.get("If-None-Match")
               else Response((GOLDEN / "rss.xml").read_bytes(), headers={"ETag": '"a"'}))
    blog = blog_for(session, site)
    refresh_blog(session, blog.id, options=options)
    session.expire_all()
    first = session.get(Blog, blog.id)
    interval = first.next_check_at - first.last_checked_at
    assert timedelta(days=10) < interval < timedelta(days=30)  # half the 36 days between the two posts
    refresh_blog(session, blog.id, force=True, options=options)
    session.expire_all()
    again = session.get(Blog, blog.id)
    assert again.next_check_at - again.last_checked_at == interval
    # After an error the cadence is read again from the stored posts: the same answer.
    again.error_count = 2
    session.add(again)
    session.commit()
    refresh_blog(session, blog.id, force=True, options=options)
    session.expire_all()
    healed = session.get(Blog, blog.id)
    assert healed.error_count == 0 and healed.next_check_at - healed.last_checked_at == interval

@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_updates_feed_url(session, site, options, code):
    site.route("/feed.xml", body=b"", status=code, headers={"Location": "/moved.xml"})
    site.golden("/moved.xml", "rss.xml")
    blog = blog_for(session, site)
    refresh_blog(session, blog.id, options=options)
    session.expire_all()
    assert session.get(Blog, blog.id).feed_url == site.url + "/moved.xml"


def test_410_marks_gone_and_stops_polling(session, site, options):
    site.route("/feed.xml", body=b"", status=410)
    blog = blog_for(session, site)
    assert refresh_blog(session, blog.id, options=options).outcome == "gone"
    session.expire_all()
    gone = session.get(Blog, blog.id)
    assert gone.status == "gone" and gone.next_check_at is None and "410" in gone.last_error
    assert refresh_blog(session, blog.id, options=options).outcome == "skipped"
    assert len(site.hits("/feed.xml")) == 1


def test_429_honours_retry_after(session, site, options):
    site.route("/feed.xml", body=b"", status=429, headers={"Retry-After": "7200"})
    blog = blog_for(session, site)
    before = datetime.now(timezone.utc)
    refresh_blog(session, blog.id, options=options)
    session.expire_all()
    busy = session.get(Blog, blog.id)
    assert busy.error_count == 1 and busy.next_check_at >= before + timedelta(seconds=7200)


def test_errors_back_off_exponentially_and_keep_the_message(session, site, options):
    site.route("/feed.xml", body=b"oops", status=500)
    blog = blog_for(session, site)
    gaps = []
    for _ in range(3):
        now = datetime.now(timezone.utc)
        refresh_blog(session, blog.id, force=True, options=options)
        session.expire_all()
        failing = session.get(Blog, blog.id)
        gaps.append((failing.next_check_at - now).total_seconds() / 60)
    assert failing.error_count == 3 and failing.last_error.startswith("HTTP 500")
    assert [round(gap) for gap in gaps] == [15, 30, 60]


def test_feed_that_yields_nothing_records_a_clear_error(session, site, options):
    site.route("/feed.xml", body=b"<html><body>Sorry, we moved to a newsletter</body></html>", content_type="text/html")
    blog = blog_for(session, site)
    result = refresh_blog(session, blog.id, options=options)
    assert result.outcome == "error" and "not a feed" in result.error
    assert posts(session, blog.id) == []


def test_a_failure_while_storing_leaves_the_blog_as_before(session, site, options, monkeypatch):
    site.golden("/feed.xml", "rss.xml")
    blog = blog_for(session, site)

    import crawlers.refresh as refresh_module

    real_store = refresh_module.store_entries

    def store_then_die(session, blog_id, entries, now):
        real_store(session, blog_id, entries, now)  # the posts are written...
        raise RuntimeError("the process died here")  # ...and the crawl dies before committing

    monkeypatch.setattr(refresh_module, "store_entries", store_then_die)
    result = refresh_blog(session, blog.id, options=options)
    assert result.error == "could not read or store the feed: RuntimeError: the process died here"
    session.expire_all()
    untouched = session.get(Blog, blog.id)
    assert posts(session, blog.id) == [] and untouched.etag == "" and untouched.last_fetched_at is None
    assert untouched.error_count == 1 and untouched.last_error == result.error  # and its back-off
    monkeypatch.undo()
    assert refresh_blog(session, blog.id, force=True, options=options).new_posts == 2


def test_profile_from_homepage_about_and_contact_pages(session, site, options):
    site.golden("/blog/feed.xml", "rss.xml")
    site.route("/blog/", body=(GOLDEN / "homepage.html").read_bytes(), content_type="text/html")
    site.route("/blog/about/", body=(GOLDEN / "about.html").read_bytes(), content_type="text/html")
    site.route("/blog/contact/", body=b"<html><body>Email: hello (at) morningpour (dot) example</body></html>",
               content_type="text/html")
    blog = blog_for(session, site, path="/blog/feed.xml", homepage=site.url + "/blog/")
    refresh_blog(session, blog.id, options=options)
    blogger = session.get(Blogger, session.get(Blog, blog.id).blogger_id)
    assert blogger.name == "Maya Lindqvist" and blogger.name_source.startswith("feed author")
    assert blogger.location == "Malmö, Sweden" and blogger.about == "I write about coffee at home."
    details = {(d.kind, d.value): d for d in session.exec(select(ContactDetail))}
    assert details[("email", "maya@morningpour.example")].found_by == "written-out address"
    assert details[("email", "press@morningpour.example")].found_by == "mailto link"
    assert details[("email", "hello@morningpour.example")].source_url == site.url + "/blog/contact/"
    assert details[("mastodon", "https://mastodon.social/@mayapour")].found_by == "rel=me link"
    assert ("instagram", "https://instagram.com/morningpour") in details
    assert not any("intent" in value for _, value in details)  # a share link is not a profile


def test_a_hostile_link_on_the_homepage_does_not_break_the_profile(session, site, options):
    site.golden("/blog/feed.xml", "rss.xml")
    site.route("/blog/", content_type="text/html", body=(
        b'<html><body><a href="http://[x/">broken</a> <a href="https://[::1/@maya" rel="me">broken too</a>'
        b'<a href="mailto:maya@morningpour.example">Write to me</a> <a href="about/">About me</a></body></html>'))
    site.route("/blog/about/", content_type="text/html", body=(
        b'<html><head><base href="http://[x/"></head><body>'
        b'<a rel="me" href="https://mastodon.social/@mayapour">Mastodon</a></body></html>'))
    blog = blog_for(session, site, path="/blog/feed.xml", homepage=site.url + "/blog/")
    result = refresh_blog(session, blog.id, options=options)
    assert result.new_posts == 2 and session.get(Blog, blog.id).profile_checked_at is not None
    details = {(d.kind, d.value): d for d in session.exec(select(ContactDetail))}
    assert details[("email", "maya@morningpour.example")].found_by == "mailto link"
    assert details[("mastodon", "https://mastodon.social/@mayapour")].source_url == site.url + "/blog/about/"



def test_control_characters_in_profile_pages_are_not_stored(session, site, options):
    """A NUL in a page's name, place, about text or links (PostgreSQL refuses one in text)."""
    site.golden("/blog/feed.xml", "rss.xml")
    site.route("/blog/", content_type="text/html", body=(
        b'<html><head><title>Morning\x00 Pour</title><script type="application/ld+json">'
        b'{"@type": "Person", "name": "Maya\\u0000 Lind\\u0007qvist"}</script></head><body>'
        b'<a href="mailto:maya@morning\x00pour.example">Write</a> <a href="about/">About me</a></body></html>'))
    site.route("/blog/about/", content_type="text/html", body=(
        b'<html><body><p class="p-locality">Malm\x00o</p><p>I write\x00 about coffee.</p>'
        b'<a rel="me" href="https://mastodon.social/@maya\x00pour">Mastodon</a></body></html>'))
    blog = blog_for(session, site, path="/blog/feed.xml", homepage=site.url + "/blog/")
    result = refresh_blog(session, blog.id, options=options)
    assert result.outcome == "fetched" and result.new_posts == 2
    blogger = session.get(Blogger, session.get(Blog, blog.id).blogger_id)
    stored = [blogger.name, blogger.name_source, blogger.location, blogger.about]
    stored += [d.value for d in session.exec(select(ContactDetail))] + [d.found_by for d in session.exec(select(ContactDetail))]
    assert blogger.location.startswith("Malm") and any(value.startswith("https://mastodon.social/@maya") for value in stored)
    assert not any("\x00" in value or "\x07" in value for value in stored if value), stored


def test_a_fediverse_server_on_its_own_port_keeps_its_links_scheme(session, site, options):
    site.golden("/blog/feed.xml", "rss.xml")
    site.route("/blog/", content_type="text/html", body=(
        f'<html><body><a rel="me" href="{site.url}/@maya/">Mastodon</a>'
        '<a rel="me" href="http://mastodon.example/@maya">Elsewhere</a></body></html>').encode())
    blog = blog_for(session, site, path="/blog/feed.xml", homepage=site.url + "/blog/")
    refresh_blog(session, blog.id, options=options)
    links = {d.value for d in session.exec(select(ContactDetail).where(ContactDetail.kind == "mastodon"))}
    assert site.url.startswith("http://127.0.0.1:")
    assert links == {site.url + "/@maya", "https://mastodon.example/@maya"}

def test_a_post_dated_in_the_future_is_stored_as_of_the_crawl(session, site, options):
    body = (GOLDEN / "rss.xml").read_bytes().replace(b"Tue, 20 Oct 2026 07:30:00 +0200", b"Sat, 20 Oct 2096 07:30:00 +0200")
    site.route("/feed.xml", body=body)
    blog = blog_for(session, site)
    before = datetime.now(timezone.utc)
    assert refresh_blog(session, blog.id, options=options).new_posts == 2
    after = datetime.now(timezone.utc)
    session.refresh(blog)
    stored = {post.key: post.published_at.replace(tzinfo=post.published_at.tzinfo or timezone.utc)
              for post in posts(session, blog.id)}
    assert before <= stored["mp-1"] <= after  # not 2096: the blog is not "active" for 70 years
    assert stored["mp-2"] == datetime(2026, 9, 14, 6, 0, tzinfo=timezone.utc)  # a past date is kept
    last = blog.last_post_at.replace(tzinfo=blog.last_post_at.tzinfo or timezone.utc)
    assert before <= last <= after
