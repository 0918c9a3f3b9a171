"""What video and podcast feeds say beyond posts: a YouTube video's views and ratings (Media
RSS's community element), an episode's length, and a show's iTunes and Podcasting 2.0 details.
Pure functions over feedparser's result."""

from __future__ import annotations

import re
from dataclasses import dataclass

DURATION = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+)(?:\.\d+)?$")
MAX_COUNT = 10**15


@dataclass(frozen=True)
class MediaCounts:
    """A video's or an episode's open figures, where the feed gives them."""

    views: int | None = None
    likes: int | None = None  # YouTube's rating count: applause
    duration_seconds: int | None = None

    @property
    def any(self) -> bool:
        return self.views is not None or self.likes is not None


def count(value) -> int | None:
    """A non-negative whole number from a feed attribute, else None."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < MAX_COUNT else None


def duration_seconds(value) -> int | None:
    """itunes:duration as seconds: "2563", "44:02" or "00:50:13"."""
    match = DURATION.match(str(value or "").strip())
    if not match:
        return None
    hours, minutes, seconds = match.groups()
    if minutes is None and hours is not None:  # "44:02" is minutes and seconds
        hours, minutes = None, hours
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds)


NO_COUNTS = MediaCounts()


def media_counts(item: dict) -> MediaCounts:
    """Views and ratings of a YouTube entry; the length of a podcast episode."""
    if not (dict.get(item, "media_community") or dict.get(item, "media_starrating") or dict.get(item, "itunes_duration")):
        return NO_COUNTS  # a plain post, most of a crawl: no figures to read
    rating = dict.get(item, "media_starrating") or {}
    statistics = dict.get(item, "media_statistics") or {}
    return MediaCounts(
        views=count(statistics.get("views")) if isinstance(statistics, dict) else None,
        likes=count(rating.get("count")) if isinstance(rating, dict) else None,
        duration_seconds=duration_seconds(dict.get(item, "itunes_duration")),
    )


def is_video(item: dict) -> bool:
    return bool(dict.get(item, "yt_videoid"))


def feed_kind_and_details(parsed) -> tuple[str, dict]:
    """Which kind of source the feed itself shows (youtube, podcast, or "" for a plain feed)
    and what it says of the channel."""
    feed = parsed.feed
    if dict.get(feed, "yt_channelid") or any(is_video(item) for item in parsed.entries[:3]):
        # The feed's own channel id drops the "UC" its URLs carry; its author's address has it whole.
        channel = str(dict.get(feed, "href") or dict.get(feed.get("author_detail") or {}, "href") or "")
        return "youtube", {"channel_url": channel[:2048]} if channel.startswith("http") else {}
    audio = any(link.get("rel") == "enclosure" and str(link.get("type", "")).startswith(("audio/", "video/"))
                for item in parsed.entries[:5] for link in dict.get(item, "links", ()))
    podcast_tags = any(str(key).startswith(("itunes_", "podcast_")) for key in feed)
    if not (audio and podcast_tags):
        return "", {}
    categories = [str(tag.get("term"))[:100] for tag in dict.get(feed, "tags", ())
                  if "itunes" in str(tag.get("scheme") or "") and tag.get("term")]
    details = {
        "author": str(dict.get(feed, "author") or "")[:300],
        "categories": categories[:20],
        "type": str(dict.get(feed, "itunes_type") or "")[:20],
        "podcast_guid": str(dict.get(feed, "podcast_guid") or "")[:100],
    }
    return "podcast", {key: value for key, value in details.items() if value}
