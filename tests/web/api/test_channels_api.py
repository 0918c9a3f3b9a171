"""The API gives a channel's platform, followers (never ranked), API state and engagement."""

from __future__ import annotations

import dataclasses

from crawlers.refresh import refresh_blog
from outreach.core.blog_intake import queue_blog
from tests.platform_site import bases_for, serve_mastodon


def test_a_channel_in_the_api_carries_its_engagement_and_source(api, session, site, options):
    serve_mastodon(site)
    blog, _ = queue_blog(session, site.url + "/@dana", None)
    session.commit()
    opts = dataclasses.replace(options, platform_bases=bases_for(site), read_profiles=False)
    refresh_blog(session, blog.id, options=opts)
    body = api["staff"].get(f"/blogs/{blog.id}").get_json()
    assert (body["platform"], body["followers"], body["api_status"]) == ("mastodon", 2840, "ok")
    engagement = body["engagement"]
    assert (engagement["posts"], engagement["conversation"], engagement["applause"]) == (3, 17.0, 69.0)
    assert engagement["sources"] == [f"Mastodon API ({site.url.split('://')[1]})"] and engagement["read_at"]
