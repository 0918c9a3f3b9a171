"""A discovered candidate read before anyone adds it: its feed found from its address and its
newest posts kept, so that a person sees what it writes about and where it would rank."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from crawlers.add import AddBlogError, discover_source, read_feed_now
from crawlers.fetch import Fetcher
from crawlers.parse import Entry

NEWEST_POSTS = 10  # a candidate's newest posts read: enough to say what it writes about
_LONG_AGO = datetime.min.replace(tzinfo=timezone.utc)


@dataclass
class CandidateFeed:
    """What a candidate's feed showed, or why it could not be read."""

    feed_url: str = ""
    title: str = ""
    entries: list[Entry] = field(default_factory=list)  # newest first
    error: str = ""


def read_candidate(fetcher: Fetcher, url: str) -> CandidateFeed:
    """The candidate's feed and its newest posts, under the crawler's rules (robots.txt, private
    addresses, size and time limits); `error` says in a sentence why nothing was read."""
    try:
        found = discover_source(fetcher, url)
        feed = found.feed or read_feed_now(fetcher, found.feed_url, found.details.get("platform", ""))
    except AddBlogError as error:
        return CandidateFeed(error=str(error))
    entries = [entry for entry in feed.entries if entry.text.strip() or entry.title.strip()]
    if not entries:
        return CandidateFeed(found.feed_url, feed.title, error="its feed has no posts to read")
    entries.sort(key=lambda entry: entry.published_at or entry.updated_at or _LONG_AGO, reverse=True)
    return CandidateFeed(found.feed_url, feed.title, entries[:NEWEST_POSTS])
