"""What a refresh notes on a channel beside its posts: the kind of source its feed shows, what
the feed says of the channel, its engagement rates and how often it publishes."""

from __future__ import annotations

from sqlmodel import Session

from crawlers.platforms import platform_of_feed
from outreach.core.engagement import cadence_days, channel_rates


def note_feed_kind(state, feed, changes: dict, feed_url: str, homepage_url: str, bases) -> None:
    """What the feed shows itself to be (a YouTube channel, a podcast, an account's feed added
    from a list) and what it says of the channel."""
    platform = changes.get("platform", state.platform)
    if platform == "blog":
        rule = platform_of_feed(feed_url, homepage_url, bases)
        if rule is not None or feed.kind:
            changes["platform"] = rule.kind if rule is not None else feed.kind
    details = changes.get("details", state.details) or {}
    if feed.details and any(details.get(key) != value for key, value in feed.details.items()):
        changes["details"] = {**details, **feed.details}


def note_rates(session: Session, state, changes: dict, dates=None, figures_given: bool = True) -> None:
    """The channel's engagement rates over its latest posts and how often it publishes, kept on
    it for the pages to show. Most blogs' feeds give no figures: then, with none kept before,
    there is nothing to count and no query (a first crawl of thousands of feeds is mostly these)."""
    details = changes.get("details", state.details) or {}
    found = {}
    if figures_given or details.get("engagement"):
        found["engagement"] = channel_rates(session, state.id, changes.get("platform", state.platform))
    if dates:
        found["cadence_days"] = cadence_days(dates)
    if any(details.get(key) != value for key, value in found.items()):
        changes["details"] = {**details, **found}


def gives_figures(entries) -> bool:
    """Whether any entry of the feed carries an engagement figure."""
    return any(entry.comment_count is not None or entry.views is not None or entry.likes is not None
               for entry in entries)
