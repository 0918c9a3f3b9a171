"""Sources beyond blogs, added by the URL a person pastes and refreshed by refresh_blog against
the platforms' recorded answers on 127.0.0.1: feeds, open APIs, refusals, limits, removals."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select
from werkzeug.wrappers import Response

from crawlers.add import add_blog
from crawlers.fetch import Fetcher
from crawlers.refresh import refresh_blog
from outreach.core.blog_intake import create_blog, queue_blog
from outreach.core.models import Blog, Blogger, ContactDetail, Post
from tests.local_site import Site
from tests.platform_site import (
    CHANNEL_ID,
    MASTODON_ACCOUNT_ID,
    bases_for,
    recording,
    serve,
    serve_bluesky,
    serve_mastodon,
    serve_podcast,
    serve_youtube,
)


@pytest.fixture
def platform_options(options, site):
    return dataclasses.replace(options, platform_bases=bases_for(site), read_profiles=False)


def added(session, url) -> Blog:
    """A blog queued as the web page does: its feed is found on the next crawl."""
    blog, created = queue_blog(session, url, None)
    session.commit()
    assert created
    return blog


def posts_by_url(session, blog_id) -> dict[str, Post]:
    return {post.url.rsplit("/", 1)[-1]: post for post in session.exec(select(Post).where(Post.blog_id == blog_id))}


def test_a_youtube_handle_leads_to_its_channel_feed_with_views_and_ratings(session, site, platform_options):
    serve_youtube(site)
    blog = added(session, site.url + "/yt/@ridgegearlab")
    assert refresh_blog(session, blog.id, options=platform_options).outcome == "fetched"
    session.refresh(blog)
    assert blog.platform == "youtube"
    assert blog.feed_url == f"{site.url}/yt/feeds/videos.xml?channel_id={CHANNEL_ID}"
    assert blog.homepage_url == site.url + "/yt/@ridgegearlab"
    videos = {post.title: post for post in session.exec(select(Post).where(Post.blog_id == blog.id))}
    storm = videos["Ultralight tent pitched in a storm: 3 nights on the ridge"]
    assert (storm.views, storm.likes, storm.engagement_source) == (98210, 4120, "feed")
    assert storm.engagement_read_at is not None
    assert "trekking-pole pitch held" in storm.text  # the description is what the video says
    assert storm.content_html.count("<p>") == 2  # its paragraphs kept


def test_a_podcast_found_from_its_apple_page_keeps_its_show_details_and_durations(session, site, platform_options):
    serve_podcast(site)
    blog = added(session, site.url + "/apple/us/podcast/switchback-radio/id1612345678")
    assert refresh_blog(session, blog.id, options=platform_options).outcome == "fetched"
    session.refresh(blog)
    assert (blog.platform, blog.feed_url) == ("podcast", site.url + "/podhost/switchback-radio.xml")
    assert blog.details["author"] == "Dana Okafor"
    assert blog.details["categories"] == ["Sports", "Wilderness", "Health & Fitness", "Fitness"]
    episodes = {post.title: post.duration_seconds for post in session.exec(select(Post).where(Post.blog_id == blog.id))}
    assert episodes == {"Episode 42: Storm-proofing an ultralight tent": 3013,
                        "Episode 41: Trail shoes at 800 km": 2563, "Episode 40: Water filters compared": 2642}


def test_a_mastodon_account_gets_counts_and_followers_from_the_public_api(session, site, platform_options):
    serve_mastodon(site)
    blog = added(session, site.url + "/@dana")
    assert refresh_blog(session, blog.id, options=platform_options).outcome == "fetched"
    session.refresh(blog)
    assert (blog.platform, blog.feed_url, blog.homepage_url) == ("mastodon", site.url + "/@dana.rss", site.url + "/@dana")
    assert (blog.followers, blog.api_status, blog.error_count) == (2840, "ok", 0)
    blogger = session.get(Blogger, blog.blogger_id)
    assert (blogger.name, blogger.name_source) == ("Dana Okafor", f"display name (Mastodon API ({site.url.split('://')[1]}))")
    rates = blog.details["engagement"]  # (14 + 6 + 31) / 3 replies, (37 + 11 + 4) / 3 boosts, (122 + 58 + 27) / 3
    assert (rates["conversation"], rates["amplification"], rates["applause"]) == (17.0, 17.33, 69.0)
    stored = posts_by_url(session, blog.id)
    tent = stored["113587215993204118"]
    assert (tent.comment_count, tent.shares, tent.likes) == (14, 37, 122)
    assert tent.engagement_source == f"Mastodon API ({site.url.split('://')[1]})"
    assert (stored["113498870021544501"].comment_count, stored["113498870021544501"].likes) == (31, 27)
    links = session.exec(select(ContactDetail).where(ContactDetail.blogger_id == blog.blogger_id)).all()
    assert [(link.kind, link.value) for link in links] == [("website", site.url + "/dana-blog/")]
    assert links[0].found_by.startswith("rel=me link")
    # The next refresh asks the feed again (conditionally) but leaves the API until it is due.
    assert refresh_blog(session, blog.id, force=True, options=platform_options).outcome == "fetched"
    assert len(site.hits("/api/v1/accounts/lookup")) == 1
    assert site.hits("/@dana.rss")[-1].headers.get("If-None-Match") == 'W/"rss-1"'


def test_a_private_mastodon_server_is_recorded_as_refusing_not_as_an_error(session, site, platform_options):
    private = Site().start()
    try:
        private.route("/@quiet.rss", body=recording(site, "mastodon_account.rss"))
        private.route("/api/v1/accounts/lookup?acct=quiet", body=recording(site, "mastodon_private.json"),
                      status=401, content_type="application/json")
        blog = added(session, private.url + "/@quiet")
        for _ in range(3):
            assert refresh_blog(session, blog.id, force=True, options=platform_options).outcome == "fetched"
        session.refresh(blog)
        assert (blog.api_status, blog.error_count, blog.last_error, blog.followers) == ("refused", 0, "", None)
        assert "without signing in (This API requires an authenticated user)" in blog.api_message
        assert blog.api_next_check_at > datetime.now(timezone.utc) + timedelta(days=6)
        assert len(private.hits("/api/v1/accounts/lookup")) == 1  # asked once, not at every refresh
        assert len(posts_by_url(session, blog.id)) == 3  # the feed is read all the same
    finally:
        private.stop()


def test_a_server_that_hides_even_the_feed_is_asked_again_a_day_later(session, site, platform_options):
    site.route("/@members.rss", body=recording(site, "mastodon_private.json"), status=401,
               content_type="application/json")
    blog = added(session, site.url + "/@members")
    result = refresh_blog(session, blog.id, options=platform_options)
    session.refresh(blog)
    assert result.outcome == "error" and "only to signed-in readers" in blog.last_error
    assert blog.next_check_at >= datetime.now(timezone.utc) + timedelta(hours=23)
    assert not site.hits("/api/v1/accounts/lookup")


def test_a_removed_account_stops_being_checked(session, site, platform_options):
    site.route("/@left.rss", body=b"<html><body>Gone</body></html>", status=410, content_type="text/html")
    blog = added(session, site.url + "/@left")
    result = refresh_blog(session, blog.id, options=platform_options)
    session.refresh(blog)
    assert (result.outcome, blog.status, blog.next_check_at) == ("gone", "gone", None)
    assert not site.hits("/api/v1/accounts/lookup")
    assert refresh_blog(session, blog.id, options=platform_options).outcome == "skipped"


def test_bluesky_counts_replies_reposts_quotes_and_likes(session, site, platform_options):
    serve_bluesky(site)
    blog = added(session, site.url + "/bsky/profile/milo.trails.example")
    assert refresh_blog(session, blog.id, options=platform_options).outcome == "fetched"
    session.refresh(blog)
    assert (blog.platform, blog.followers, blog.details["did"]) == ("bluesky", 5312, "did:plc:r7kq2f3xw6n4yvbz5t0dmh8c")
    stored = posts_by_url(session, blog.id)
    assert set(stored) == {"3lcjtxq2bx22k", "3lbzk4mfvqs2c"}  # the repost of someone else is not theirs
    ridge = stored["3lcjtxq2bx22k"]
    assert (ridge.comment_count, ridge.shares, ridge.likes) == (9, 24, 187)  # 21 reposts and 3 quotes
    assert ridge.engagement_source.startswith("Bluesky API")


def test_a_rate_limited_api_waits_for_its_reset(session, site, platform_options):
    serve_bluesky(site)
    reset = int((datetime.now(timezone.utc) + timedelta(minutes=42)).timestamp())
    serve(site, "/bsky-api/xrpc/app.bsky.actor.getProfile?actor=milo.trails.example", "bluesky_rate_limited.json",
          "application/json", status=429,
          headers={"RateLimit-Limit": "3000", "RateLimit-Remaining": "0", "RateLimit-Reset": str(reset),
                   "RateLimit-Policy": "3000;w=300"})
    blog = added(session, site.url + "/bsky/profile/milo.trails.example")
    for _ in range(3):
        assert refresh_blog(session, blog.id, force=True, options=platform_options).outcome == "fetched"
    session.refresh(blog)
    assert (blog.api_status, blog.error_count) == ("limited", 0)
    assert "asked us to wait" in blog.api_message
    assert abs(blog.api_next_check_at.timestamp() - reset) < 5
    assert len(site.hits("/bsky-api/xrpc/app.bsky.actor.getProfile")) == 1
    assert all(post.comment_count is None for post in posts_by_url(session, blog.id).values())


def test_a_removed_bluesky_account_is_recorded_as_gone(session, site, platform_options):
    serve_bluesky(site)
    serve(site, "/bsky-api/xrpc/app.bsky.actor.getProfile?actor=milo.trails.example", "bluesky_not_found.json",
          "application/json", status=400)
    blog = added(session, site.url + "/bsky/profile/milo.trails.example")
    refresh_blog(session, blog.id, options=platform_options)
    session.refresh(blog)
    assert (blog.api_status, blog.error_count) == ("gone", 0)
    assert "Profile not found" in blog.api_message


def test_a_substack_newsletter_by_its_address(session, site, platform_options):
    serve(site, "/substack/trailmix/feed", "substack.xml", "application/xml; charset=utf-8")
    blog = added(session, site.url + "/substack/trailmix/p/the-ultralight-tent-i-keep-coming")
    assert refresh_blog(session, blog.id, options=platform_options).outcome == "fetched"
    session.refresh(blog)
    assert (blog.platform, blog.details["platform"], blog.title) == ("newsletter", "Substack", "Trail Mix Weekly")
    assert blog.feed_url == site.url + "/substack/trailmix/feed"


def test_adding_from_the_command_line_reads_the_platform_feed(session, site, platform_options):
    serve_youtube(site)
    with Fetcher(platform_options) as fetcher:
        blog, created = add_blog(session, site.url + "/yt/@ridgegearlab", fetcher)
    session.commit()
    blogger = session.get(Blogger, blog.blogger_id)
    assert (created, blog.platform, blog.title, blogger.name) == (True, "youtube", "Ridge Gear Lab", "Ridge Gear Lab")


def test_a_platform_that_refuses_while_adding_says_so(session, site, platform_options):
    site.route("/yt/@hidden", body=b"limited", status=429, content_type="text/plain", headers={"Retry-After": "60"})
    from crawlers.add import AddBlogError

    with Fetcher(platform_options) as fetcher, pytest.raises(AddBlogError, match="limiting requests"):
        add_blog(session, site.url + "/yt/@hidden", fetcher)


@pytest.mark.parametrize("account_first", [False, True])
def test_channels_of_one_person_join_when_their_profiles_link_both_ways(session, site, options, account_first):
    serve_mastodon(site)
    site.route("/dana-blog/", content_type="text/html", body=(
        f'<html><head><title>Dana on the trail</title><link rel="alternate" type="application/rss+xml" '
        f'href="/dana-blog/feed.xml"></head><body><a rel="me" href="{site.url}/@dana">Mastodon</a></body></html>'
    ).encode())
    site.route("/dana-blog/feed.xml", body=(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Dana on the trail</title>'
        f'<link>{site.url}/dana-blog/</link><item><title>Tent notes</title><link>{site.url}/dana-blog/tent</link>'
        '<description>Storm-proofing a tent.</description><pubDate>Mon, 30 Nov 2026 06:00:00 GMT</pubDate></item>'
        '</channel></rss>').encode())
    opts = dataclasses.replace(options, platform_bases=bases_for(site))
    blog = added(session, site.url + "/dana-blog/")
    account = added(session, site.url + "/@dana")
    for each in (account, blog) if account_first else (blog, account):
        assert refresh_blog(session, each.id, options=opts).outcome == "fetched"
    session.expire_all()
    owners = {row.platform: row.blogger_id for row in session.exec(select(Blog))}
    assert owners["blog"] == owners["mastodon"]
    assert len(session.exec(select(Blogger)).all()) == 1


def test_api_answers_are_asked_for_conditionally(session, site, platform_options):
    serve_mastodon(site)
    statuses = f"/api/v1/accounts/{MASTODON_ACCOUNT_ID}/statuses?limit=40&exclude_reblogs=true"
    body = recording(site, "mastodon_statuses.json")

    def conditional(request):
        if request.headers.get("If-None-Match") == 'W/"statuses-1"':
            return Response(status=304, headers={"ETag": 'W/"statuses-1"'})
        return Response(body, content_type="application/json", headers={"ETag": 'W/"statuses-1"'})

    site.route(statuses, conditional)
    blog = added(session, site.url + "/@dana")
    refresh_blog(session, blog.id, options=platform_options)
    session.refresh(blog)
    blog.api_next_check_at = datetime.now(timezone.utc) - timedelta(minutes=1)  # due again
    session.add(blog)
    session.commit()
    refresh_blog(session, blog.id, force=True, options=platform_options)
    session.refresh(blog)
    asked = [request for request in site.requests if request.full_path.startswith(statuses.split("?")[0])]
    assert [request.headers.get("If-None-Match") for request in asked] == [None, 'W/"statuses-1"']
    assert blog.api_status == "ok" and blog.followers == 2840
    assert posts_by_url(session, blog.id)["113587215993204118"].likes == 122  # kept through the 304


def test_an_account_feed_imported_from_a_list_is_known_as_the_account(session, site, platform_options):
    serve_mastodon(site)
    blog = create_blog(session, site.url + "/@dana.rss", "", "", source="opml")
    session.commit()
    refresh_blog(session, blog.id, options=platform_options)
    session.refresh(blog)
    assert (blog.platform, blog.homepage_url) == ("mastodon", site.url + "/@dana")
    refresh_blog(session, blog.id, force=True, options=platform_options)  # its open API from the next check
    session.refresh(blog)
    assert (blog.api_status, blog.followers) == ("ok", 2840)


def test_an_unchanged_feed_still_has_its_engagement_read_when_due(session, site, platform_options):
    serve_mastodon(site)
    feed = recording(site, "mastodon_account.rss")

    def conditional(request):
        if request.headers.get("If-None-Match") == 'W/"rss-1"':
            return Response(status=304, headers={"ETag": 'W/"rss-1"'})
        return Response(feed, content_type="application/rss+xml", headers={"ETag": 'W/"rss-1"'})

    site.route("/@dana.rss", conditional)
    blog = added(session, site.url + "/@dana")
    refresh_blog(session, blog.id, options=platform_options)
    session.refresh(blog)
    first_read = blog.api_checked_at
    blog.api_next_check_at, blog.followers = datetime.now(timezone.utc) - timedelta(minutes=1), None
    session.add(blog)
    session.commit()
    assert refresh_blog(session, blog.id, force=True, options=platform_options).outcome == "unchanged"
    session.refresh(blog)
    assert blog.followers == 2840 and blog.api_checked_at > first_read and blog.claimed_by == ""
    assert blog.details["engagement"]["applause"] == 69.0


@pytest.mark.parametrize("pasted, feed_path, recorded, platform, kind, comments", [
    ("/wpcom/hikingnotes/2026/11/30/pitching-a-tent-on-rocky-ground/", "/wpcom/hikingnotes/feed/",
     "wordpress_com.xml", "WordPress.com", "blog", 7),
    ("/blogger/trailbits/", "/blogger/trailbits/feeds/posts/default", "blogger.xml", "Blogger", "blog", 3),
    ("/medium/@lenapark", "/medium/feed/@lenapark", "medium.xml", "Medium", "blog", None),
    ("/ghost/quiet-letters/", "/ghost/quiet-letters/rss/", "ghost.xml", "Ghost", "newsletter", None),
    ("/tumblr-www/camptea", "/tumblr/camptea/rss", "tumblr.xml", "Tumblr", "blog", None),
])
def test_hosted_blogs_and_newsletters_by_their_addresses(session, site, platform_options, pasted, feed_path,
                                                         recorded, platform, kind, comments):
    serve(site, feed_path, recorded, "application/rss+xml; charset=UTF-8")
    blog = added(session, site.url + pasted)
    assert refresh_blog(session, blog.id, options=platform_options).outcome == "fetched"
    session.refresh(blog)
    assert (blog.feed_url, blog.platform, blog.details["platform"]) == (site.url + feed_path, kind, platform)
    stored = session.exec(select(Post).where(Post.blog_id == blog.id)).one()
    assert "tent" in stored.text and stored.comment_count == comments
    assert (blog.details.get("engagement") or {}).get("conversation") == (float(comments) if comments else None)


def test_a_site_with_at_paths_that_is_no_fediverse_server_is_read_as_a_blog(session, site, platform_options):
    site.route("/@maker", content_type="text/html", body=(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/@maker/feed.xml"></head></html>').encode())
    serve(site, "/@maker/feed.xml", "substack.xml", "application/rss+xml")
    blog = added(session, site.url + "/@maker")
    assert refresh_blog(session, blog.id, options=platform_options).outcome == "fetched"
    session.refresh(blog)
    assert (blog.platform, blog.feed_url) == ("blog", site.url + "/@maker/feed.xml")
    assert not site.hits("/api/v1/accounts/lookup")


def test_a_mastodon_server_that_limits_us_is_asked_again_after_its_retry_after(session, site, platform_options):
    serve_mastodon(site)
    site.route("/api/v1/accounts/lookup?acct=dana", body=b'{"error":"Too many requests"}', status=429,
               content_type="application/json",
               headers={"Retry-After": "900", "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0"})
    blog = added(session, site.url + "/@dana")
    before = datetime.now(timezone.utc)
    assert refresh_blog(session, blog.id, options=platform_options).outcome == "fetched"
    session.refresh(blog)
    assert (blog.api_status, blog.error_count, blog.last_error) == ("limited", 0, "")
    assert "asked us to wait 15 min" in blog.api_message
    assert timedelta(minutes=14) < blog.api_next_check_at - before < timedelta(minutes=16)


def test_control_characters_in_an_api_answer_are_not_stored(session, site, platform_options):
    """A display name or a profile link with a NUL in it (PostgreSQL refuses one in text) is
    stored without it; the feed's posts are stored as always."""
    import json

    serve_mastodon(site)
    lookup = json.loads(recording(site, "mastodon_lookup.json"))
    lookup["display_name"] = "Dana\u0000 Oka\u0007for"
    lookup["fields"] = [{"name": "Blog", "value": f'<a href="{site.url}/dana-\u0000blog/" rel="me">blog</a>'}]
    site.route("/api/v1/accounts/lookup?acct=dana", body=json.dumps(lookup).encode(), content_type="application/json")
    blog = added(session, site.url + "/@dana")
    assert refresh_blog(session, blog.id, options=platform_options).outcome == "fetched"
    session.refresh(blog)
    assert (blog.api_status, blog.error_count) == ("ok", 0)
    assert session.get(Blogger, blog.blogger_id).name == "Dana Okafor"
    links = session.exec(select(ContactDetail.value).where(ContactDetail.blogger_id == blog.blogger_id)).all()
    assert links == [site.url + "/dana-blog/"]
    assert len(posts_by_url(session, blog.id)) == 3
