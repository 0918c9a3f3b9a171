"""Open engagement in Avinash Kaushik's terms, per channel and per person, over recent posts:
conversation rate (comments or replies per post), amplification rate (shares, boosts, reposts
and quotes per post), applause rate (likes, favourites, ratings per post), and views where
the platform publishes them. Each figure keeps where it came from and when it was read.

Followers are shown beside these and never enter the rank: scoring/ reads none of them."""

from __future__ import annotations

from datetime import timezone

from sqlmodel import Session, select

from outreach.core.models import Post

RECENT_POSTS = 20
# Kaushik's measure -> the post's column holding it.
MEASURES = {"conversation": "comment_count", "amplification": "shares", "applause": "likes", "views": "views"}
LABELS = {"conversation": "Conversation", "amplification": "Amplification", "applause": "Applause",
          "views": "Views"}
UNITS = {"conversation": "comments or replies", "amplification": "shares", "applause": "likes or ratings",
         "views": "views"}
PLATFORM_LABELS = {"blog": "Blog", "newsletter": "Newsletter", "youtube": "YouTube", "podcast": "Podcast",
                   "mastodon": "Mastodon", "bluesky": "Bluesky"}


def channel_rates(session: Session, blog_id: int, platform: str = "blog") -> dict | None:
    """Per-post rates over the channel's latest posts, with their sources and when they were read;
    None when no recent post has any figure. Stored on the channel at each crawl (Blog.details)."""
    rows = session.exec(select(Post.comment_count, Post.shares, Post.likes, Post.views, Post.engagement_source,
                               Post.engagement_read_at)
                        .where(Post.blog_id == blog_id).order_by(Post.published_at.desc()).limit(RECENT_POSTS)).all()
    rates: dict = {"posts": len(rows), "measured": {}, "sources": [], "read_at": ""}
    for position, measure in enumerate(MEASURES):
        known = [row[position] for row in rows if row[position] is not None]
        if known:
            rates[measure] = round(sum(known) / len(known), 2)
            rates["measured"][measure] = len(known)
    if not rates["measured"]:
        return None
    rates["sources"] = sorted({source_label(row[4], platform) for row in rows if row[4]})
    read = [row[5] for row in rows if row[5] is not None]
    rates["read_at"] = max(read).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M") if read else ""  # UTC
    return rates


def cadence_days(dates: list) -> float | None:
    """The median number of days between the channel's recent posts (a show's cadence)."""
    ordered = sorted(dates)
    gaps = sorted((later - earlier).total_seconds() / 86400 for earlier, later in zip(ordered, ordered[1:]))
    if not gaps:
        return None
    middle = len(gaps) // 2
    return round(gaps[middle] if len(gaps) % 2 else (gaps[middle - 1] + gaps[middle]) / 2, 1)


def combined_rates(channels: list[dict]) -> dict | None:
    """One person's rates over all their channels: each measure weighted by the posts it counts."""
    channels = [rates for rates in channels if rates]
    if not channels:
        return None
    combined: dict = {"posts": sum(rates["posts"] for rates in channels), "measured": {},
                      "sources": sorted({source for rates in channels for source in rates.get("sources", [])}),
                      "read_at": max(rates.get("read_at", "") for rates in channels)}
    for measure in MEASURES:
        weighted = [(rates[measure], rates["measured"][measure]) for rates in channels if measure in rates]
        if weighted:
            counted = sum(count for _, count in weighted)
            combined[measure] = round(sum(value * count for value, count in weighted) / counted, 2)
            combined["measured"][measure] = counted
    return combined


def source_label(source: str, platform: str) -> str:
    """Where a figure came from, for a person: "YouTube feed", "Mastodon API (server)"."""
    return f"{PLATFORM_LABELS.get(platform, 'Blog')} feed" if source == "feed" else source


def figures(rates: dict | None) -> list[tuple[str, float, int, str]]:
    """(label, per post, posts counted, unit) for each measure the rates hold, in Kaushik's order."""
    if not rates:
        return []
    return [(LABELS[measure], rates[measure], rates["measured"][measure], UNITS[measure])
            for measure in MEASURES if measure in rates]
