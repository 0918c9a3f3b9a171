"""Platforms as data: how the URL a person pastes (a channel, a profile, a show page, a
newsletter) leads to its feed, and which open API gives its engagement. Miniflux keeps site
quirks in a table; these rules are the same kind of table, beside outreach/core/sites.py.

Every base address is a setting (`OUTREACH_PLATFORM_BASES`), so the tests point a platform at
a server on 127.0.0.1; a base may hold `{name}` where the platform keeps one site per name
(https://{name}.substack.com)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

# Where each platform lives; `OUTREACH_PLATFORM_BASES` overrides any of them.
DEFAULT_BASES: dict[str, str] = {
    "youtube": "https://www.youtube.com",
    "bluesky": "https://bsky.app",
    "bluesky_api": "https://public.api.bsky.app",
    "apple_podcasts": "https://podcasts.apple.com",
    "itunes_api": "https://itunes.apple.com",
    "medium": "https://medium.com",
    "medium_name": "https://{name}.medium.com",
    "substack": "https://{name}.substack.com",
    "ghost": "https://{name}.ghost.io",
    "wordpress_com": "https://{name}.wordpress.com",
    "blogger": "https://{name}.blogspot.com",
    "tumblr": "https://{name}.tumblr.com",
    "tumblr_www": "https://www.tumblr.com",
}
# A YouTube handle's page names its channel in its feed link, canonical link and metadata.
CHANNEL_TAB = r"(?:/(?:videos|featured|shorts|streams|playlists|community|about))?"  # a channel's tabs
YOUTUBE_CHANNEL_ID = r"(?:channel_id=|/channel/|\"(?:channelId|externalId)\":\")(?P<channel_id>UC[\w-]{22})"


@dataclass(frozen=True)
class Rule:
    """A profile URL under a base (a path pattern whose named groups fill the feed's address);
    the feed's address; what to read when the URL lacks a group the feed needs: the profile page
    (a pattern) or a JSON lookup (an address and the field holding the feed)."""

    name: str  # the platform as people call it
    kind: str  # one of outreach.core.models.PLATFORMS
    base: str  # a key of the bases; "" matches any server (the fediverse)
    path: str  # pattern of the rest of the URL after the base
    feed: str  # the feed's address: {base keys} and the path's groups
    page_pattern: str = ""
    lookup: str = ""
    lookup_field: str = ""
    api: str = ""  # the open API for engagement: "mastodon", "bluesky" or ""


RULES: tuple[Rule, ...] = (
    Rule("YouTube", "youtube", "youtube", r"/channel/(?P<channel_id>UC[\w-]{22})" + CHANNEL_TAB,
         "{youtube}/feeds/videos.xml?channel_id={channel_id}"),
    Rule("YouTube", "youtube", "youtube", r"/user/(?P<user>[\w.-]+)" + CHANNEL_TAB, "{youtube}/feeds/videos.xml?user={user}"),
    Rule("YouTube", "youtube", "youtube", r"/(?:@[\w.%-]+|c/[\w.%-]+)" + CHANNEL_TAB,
         "{youtube}/feeds/videos.xml?channel_id={channel_id}", page_pattern=YOUTUBE_CHANNEL_ID),
    Rule("YouTube", "youtube", "youtube", r"/feeds/videos\.xml\?(?P<query>(?:channel_id|user)=[\w.-]+)",
         "{youtube}/feeds/videos.xml?{query}"),
    Rule("Bluesky", "bluesky", "bluesky", r"/profile/(?P<actor>[\w.:-]+)", "{bluesky}/profile/{actor}/rss",
         api="bluesky"),
    Rule("Apple Podcasts", "podcast", "apple_podcasts", r"/[a-z]{2}/podcast/(?:[^/]+/)?id(?P<id>\d+)",
         "{feed_url}", lookup="{itunes_api}/lookup?id={id}&entity=podcast", lookup_field="feedUrl"),
    Rule("Medium", "blog", "medium", r"/(?P<at>@[\w.-]+)", "{medium}/feed/{at}"),
    Rule("Medium", "blog", "medium_name", r"", "{medium}/feed/@{name}"),
    Rule("Substack", "newsletter", "substack", r"", "{substack}/feed"),
    Rule("Ghost", "newsletter", "ghost", r"", "{ghost}/rss/"),
    Rule("WordPress.com", "blog", "wordpress_com", r"", "{wordpress_com}/feed/"),
    Rule("Blogger", "blog", "blogger", r"", "{blogger}/feeds/posts/default"),
    Rule("Tumblr", "blog", "tumblr_www", r"/(?P<name>[\w-]+)", "{tumblr}/rss"),
    Rule("Tumblr", "blog", "tumblr", r"", "{tumblr}/rss"),
    # Last: any server's /@name is a fediverse account (Mastodon, GoToSocial, Akkoma publish its RSS there).
    Rule("Mastodon", "mastodon", "", r"/@(?P<name>[\w.]+)", "{origin}/@{name}.rss", api="mastodon"),
    Rule("Mastodon", "mastodon", "", r"/users/(?P<name>[\w.]+)", "{origin}/@{name}.rss", api="mastodon"),
)


@dataclass(frozen=True)
class PlatformMatch:
    """A pasted URL recognised as a platform's profile, with what the URL gave."""

    rule: Rule
    url: str
    values: dict[str, str]  # the path's groups, the base's {name}, and {origin}
    bases: tuple[tuple[str, str], ...]

    @property
    def missing(self) -> bool:
        """Whether the feed's address needs a value the URL does not give."""
        return bool(self.rule.page_pattern or self.rule.lookup)

    def address(self, template: str, **more: str) -> str:
        """A template filled with the bases (their {name} too) and the values."""
        values = {**self.values, **more}
        filled = {key: base.replace("{name}", values.get("name", "")) for key, base in self.bases}
        return template.format(**filled, **values)


def platform_bases(overrides: Mapping[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    """The bases in force: the defaults, then the setting's overrides, without a trailing slash.
    Raises ValueError for a name no rule knows."""
    unknown = set(overrides or {}) - set(DEFAULT_BASES)
    if unknown:
        raise ValueError(f"no platform is called {', '.join(sorted(unknown))}; the names are "
                         f"{', '.join(DEFAULT_BASES)}")
    merged = {**DEFAULT_BASES, **(overrides or {})}
    return tuple(sorted((key, value.rstrip("/")) for key, value in merged.items()))


@lru_cache(maxsize=64)
def base_pattern(base: str) -> re.Pattern:
    """A base as the start of a URL: any scheme, www. or m. before the host, {name} a label."""
    rest = base.split("://", 1)[1]
    host = rest[4:] if rest.startswith("www.") else rest
    pattern = re.escape(host).replace(re.escape("{name}"), r"(?P<name>(?!www\.|m\.)[a-z0-9][a-z0-9-]*)")
    return re.compile(r"https?://(?:www\.|m\.)?" + pattern, re.IGNORECASE)


@lru_cache(maxsize=64)
def path_pattern(path: str) -> re.Pattern:
    """The rest of a URL a rule accepts: its path, then an optional slash, query or fragment; a
    rule without a path (a site per name) accepts any page of the site."""
    if not path:
        return re.compile(r"(?:[/?#].*)?")
    return re.compile(path if "?" in path else path + r"/?(?:[?#].*)?")


ORIGIN = re.compile(r"(?P<origin>https?://[^/?#]+)")


def match_platform(url: str, bases: tuple[tuple[str, str], ...]) -> PlatformMatch | None:
    """The first rule the URL answers (a pure function: nothing is fetched)."""
    by_key = dict(bases)
    for rule in RULES:
        start = (base_pattern(by_key[rule.base]) if rule.base else ORIGIN).match(url)
        if start is None:
            continue
        found = re.fullmatch(path_pattern(rule.path), url[start.end():])
        if found is None:
            continue
        values = {key: value for key, value in {**start.groupdict(), **found.groupdict()}.items() if value}
        values.setdefault("origin", ORIGIN.match(url).group("origin"))
        return PlatformMatch(rule, url, values, bases)
    return None


def platform_of_feed(feed_url: str, homepage_url: str, bases: tuple[tuple[str, str], ...]) -> Rule | None:
    """The platform whose rules lead from this homepage to exactly this feed (an account's feed
    imported from a list is recognised as well as one added by its profile), else None."""
    matched = match_platform(homepage_url, bases) if homepage_url else None
    if matched is None or matched.missing or matched.rule.kind == "blog":
        return None
    return matched.rule if matched.address(matched.rule.feed).rstrip("/") == feed_url.rstrip("/") else None
