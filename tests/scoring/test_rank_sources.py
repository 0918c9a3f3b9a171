"""The ranking across every kind of source: a channel's videos, a show's episodes and an
account's posts are ranked by what they say, like blog posts; followers and engagement are
shown beside the rank and never move it."""

from __future__ import annotations

import dataclasses

from sqlmodel import select

from crawlers.refresh import refresh_blog
from outreach.core.blog_intake import queue_blog
from outreach.core.models import Blog, Blogger, Post
from scoring import NicheSpec, build_index_from_db, rank_niche
from tests.platform_site import bases_for, serve_bluesky, serve_mastodon, serve_podcast, serve_youtube

SHELTER = NicheSpec("Backpacking shelters", "ultralight tents for backpacking: pitching a tent in storms, "
                    "guy lines and condensation", keywords=(("tent", 2.0), ("ultralight", 1.0)))


def crawl_every_kind(session, site, options) -> dict[str, int]:
    serve_youtube(site)
    serve_podcast(site)
    serve_mastodon(site)
    serve_bluesky(site)
    opts = dataclasses.replace(options, platform_bases=bases_for(site), read_profiles=False)
    ids = {}
    for url in ("/yt/@ridgegearlab", "/apple/us/podcast/switchback-radio/id1612345678", "/@dana",
                "/bsky/profile/milo.trails.example"):
        blog, _ = queue_blog(session, site.url + url, None)
        session.commit()
        assert refresh_blog(session, blog.id, options=opts).outcome == "fetched"
        session.refresh(blog)
        ids[blog.platform] = blog.id
    return ids


def ranking_of(session):
    return [(row.blog_id, round(row.score, 6)) for row in rank_niche(build_index_from_db(session), SHELTER).bloggers]


def test_every_kind_of_source_is_ranked_by_what_it_says(session, site, options, background):
    ids = crawl_every_kind(session, site, options)
    ranked = rank_niche(build_index_from_db(session), SHELTER)
    positions = {row.blog_id: position for position, row in enumerate(ranked.bloggers)}
    assert set(ids.values()) <= set(positions)
    # Four channels talk tents; fifteen blogs on cooking, gardening, finance and knitting do not.
    assert max(positions[ids[kind]] for kind in ("youtube", "podcast", "mastodon")) < 4
    best_video = next(row for row in ranked.bloggers if row.blog_id == ids["youtube"]).evidence.best_posts[0]
    assert "tent" in best_video.title.lower()


def test_ranking_is_unchanged_when_follower_counts_and_engagement_change(session, site, options, background):
    crawl_every_kind(session, site, options)
    before = ranking_of(session)
    for number, blog in enumerate(session.exec(select(Blog)).all()):
        blog.followers = 10 ** (number % 7)  # from one follower to a million, in no order of merit
        session.add(blog)
    for blogger in session.exec(select(Blogger)).all():
        blogger.audience_size = 5_000_000 if blogger.id % 2 else 3
        session.add(blogger)
    for post in session.exec(select(Post)).all():
        post.likes, post.shares, post.views = 10 ** 6, 10 ** 5, 10 ** 8
        session.add(post)
    session.commit()
    assert ranking_of(session) == before
