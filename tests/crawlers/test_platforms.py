"""The platform rules: the URL a person pastes, to the feed's address (pure: nothing fetched)."""

from __future__ import annotations

import pytest

from crawlers.platforms import match_platform, platform_bases
from outreach.core.settings import SettingError, settings_from_environment

BASES = platform_bases()


@pytest.mark.parametrize("pasted, platform, kind, feed", [
    ("https://www.youtube.com/channel/UCXuqSBlHAE6Xw-yeJA0Tunw/videos", "YouTube", "youtube",
     "https://www.youtube.com/feeds/videos.xml?channel_id=UCXuqSBlHAE6Xw-yeJA0Tunw"),
    ("https://m.youtube.com/user/schafer5", "YouTube", "youtube", "https://www.youtube.com/feeds/videos.xml?user=schafer5"),
    ("https://bsky.app/profile/jay.bsky.team", "Bluesky", "bluesky", "https://bsky.app/profile/jay.bsky.team/rss"),
    ("https://mastodon.social/@Gargron", "Mastodon", "mastodon", "https://mastodon.social/@Gargron.rss"),
    ("https://fosstodon.org/users/kev", "Mastodon", "mastodon", "https://fosstodon.org/@kev.rss"),
    ("https://medium.com/@ev", "Medium", "blog", "https://medium.com/feed/@ev"),
    ("https://ev.medium.com/", "Medium", "blog", "https://medium.com/feed/@ev"),
    ("https://trailmix.substack.com/p/a-post", "Substack", "newsletter", "https://trailmix.substack.com/feed"),
    ("https://quiet-letters.ghost.io/", "Ghost", "newsletter", "https://quiet-letters.ghost.io/rss/"),
    ("https://hikingnotes.wordpress.com/2026/11/30/tents/", "WordPress.com", "blog",
     "https://hikingnotes.wordpress.com/feed/"),
    ("https://trailbits.blogspot.com/", "Blogger", "blog", "https://trailbits.blogspot.com/feeds/posts/default"),
    ("https://staff.tumblr.com/", "Tumblr", "blog", "https://staff.tumblr.com/rss"),
    ("https://www.tumblr.com/staff", "Tumblr", "blog", "https://staff.tumblr.com/rss"),
])
def test_a_profile_url_gives_its_feed(pasted, platform, kind, feed):
    matched = match_platform(pasted, BASES)
    assert (matched.rule.name, matched.rule.kind) == (platform, kind)
    assert not matched.missing and matched.address(matched.rule.feed) == feed


@pytest.mark.parametrize("pasted, needs", [
    ("https://www.youtube.com/@LinusTechTips", "page"),  # a handle's page names its channel
    ("https://podcasts.apple.com/us/podcast/the-daily/id1200361736", "lookup"),
])
def test_some_urls_need_one_more_read(pasted, needs):
    matched = match_platform(pasted, BASES)
    assert matched.missing and bool(matched.rule.page_pattern if needs == "page" else matched.rule.lookup)


@pytest.mark.parametrize("pasted", ["https://example.com/blog/", "https://www.youtube.com/watch?v=abc",
                                    "https://mastodon.social/@Gargron/113587215993204118", "https://www.substack.com/"])
def test_other_urls_are_left_to_feed_discovery(pasted):
    assert match_platform(pasted, BASES) is None


def test_bases_are_a_setting_and_a_test_server_takes_their_place():
    settings = settings_from_environment({"OUTREACH_PLATFORM_BASES": "substack=http://127.0.0.1:8001/s/{name}"})
    bases = platform_bases(settings["PLATFORM_BASES"])
    matched = match_platform("http://127.0.0.1:8001/s/trailmix/", bases)
    assert matched.address(matched.rule.feed) == "http://127.0.0.1:8001/s/trailmix/feed"
    assert match_platform("https://trailmix.substack.com/", bases) is None
    with pytest.raises(SettingError, match="OUTREACH_PLATFORM_BASES"):
        settings_from_environment({"OUTREACH_PLATFORM_BASES": "youtube"})
    with pytest.raises(ValueError, match="no platform is called vimeo"):
        platform_bases({"vimeo": "https://vimeo.com"})
