"""One person's channels and their open engagement: the rules, on a real database."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from outreach.core.channels import MergeRefused, find_blogger, join_channels_linked_both_ways, link_key
from outreach.core.engagement import cadence_days, channel_rates, combined_rates, figures, source_label
from outreach.core.models import Blog, Blogger, ContactDetail, Post
from tests.factories import make_blogger

READ = datetime(2026, 12, 4, 21, 30, tzinfo=timezone.utc)


def post(session, blog_id, number, **figures_):
    session.add(Post(blog_id=blog_id, key=str(number), url=f"https://x.example/{number}", title=str(number),
                     published_at=READ - timedelta(days=number), **figures_))


def test_rates_are_per_post_over_the_posts_that_have_the_figure(session):
    blog_id = session.exec(select(Blog.id).where(Blog.blogger_id == make_blogger(session).id)).one()
    post(session, blog_id, 1, comment_count=4, shares=10, likes=30, engagement_source="feed", engagement_read_at=READ)
    post(session, blog_id, 2, comment_count=2, shares=None, likes=10, engagement_source="feed",
         engagement_read_at=READ - timedelta(hours=5))
    post(session, blog_id, 3)  # a post without figures counts in no average
    session.flush()
    rates = channel_rates(session, blog_id)
    assert (rates["posts"], rates["conversation"], rates["amplification"], rates["applause"]) == (3, 3.0, 10.0, 20.0)
    assert rates["measured"] == {"conversation": 2, "amplification": 1, "applause": 2}
    assert "views" not in rates and rates["sources"] == ["Blog feed"] and rates["read_at"] == "2026-12-04 21:30"
    assert [label for label, *_ in figures(rates)] == ["Conversation", "Amplification", "Applause"]


def test_a_channel_without_figures_has_no_rates(session):
    blog_id = session.exec(select(Blog.id).where(Blog.blogger_id == make_blogger(session).id)).one()
    post(session, blog_id, 1)
    session.flush()
    assert channel_rates(session, blog_id) is None


def test_a_persons_rates_weigh_each_channel_by_the_posts_it_counts():
    video = {"posts": 3, "views": 100.0, "applause": 10.0, "measured": {"views": 3, "applause": 3},
             "sources": ["feed"], "read_at": "2026-12-04 20:00"}
    account = {"posts": 1, "applause": 50.0, "conversation": 2.0, "measured": {"applause": 1, "conversation": 1},
               "sources": ["Mastodon API (trails.social)"], "read_at": "2026-12-04 21:00"}
    combined = combined_rates([video, None, account])
    assert (combined["applause"], combined["views"], combined["conversation"]) == (20.0, 100.0, 2.0)
    assert combined["read_at"] == "2026-12-04 21:00" and len(combined["sources"]) == 2
    assert combined_rates([None]) is None
    assert source_label("feed", "youtube") == "YouTube feed"
    assert source_label("Bluesky API (public.api.bsky.app)", "bluesky") == "Bluesky API (public.api.bsky.app)"


def test_cadence_is_the_median_gap_between_posts():
    weekly = [READ - timedelta(days=7 * week) for week in range(5)]
    assert cadence_days(weekly) == 7.0
    assert cadence_days(weekly[:1]) is None


def test_link_keys_ignore_scheme_www_and_trailing_slash():
    assert link_key("https://www.Dana.example/") == link_key("http://dana.example") == "dana.example"
    assert link_key("https://trails.social/@dana") != link_key("https://trails.social:8443/@dana")


def test_a_blogger_is_found_by_number_profile_or_channel_address(session):
    blogger = make_blogger(session, "Dana", slug="dana")
    assert find_blogger(session, str(blogger.id)) == blogger.id
    assert find_blogger(session, f"https://outreach.example/bloggers/{blogger.id}/") == blogger.id
    assert find_blogger(session, "https://dana.example") == blogger.id  # homepage without its slash
    assert find_blogger(session, "https://dana.example/feed") == blogger.id
    with pytest.raises(MergeRefused, match="no channel"):
        find_blogger(session, "https://someone-else.example/")


def test_a_one_way_link_joins_nothing(session):
    dana, other = make_blogger(session, "Dana", slug="dana"), make_blogger(session, "Impostor", slug="fan")
    session.add(ContactDetail(blogger_id=other.id, kind="website", value="https://dana.example/",
                              found_by="rel=me link"))
    session.flush()
    assert join_channels_linked_both_ways(session, other.id) == []
    session.add(ContactDetail(blogger_id=dana.id, kind="website", value="https://fan.example",
                              found_by="profile link"))  # a plain link back is no claim
    session.flush()
    assert join_channels_linked_both_ways(session, other.id) == []
    session.add(ContactDetail(blogger_id=dana.id, kind="mastodon", value="https://www.fan.example/",
                              found_by="rel=me link"))
    session.flush()
    assert join_channels_linked_both_ways(session, other.id) == [dana.id]
    assert [blogger.name for blogger in session.exec(select(Blogger))] == ["Dana"]
