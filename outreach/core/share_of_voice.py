"""Share of voice: how much of the conversation about a brand and its competitors each one has,
counted in mentions, in the people who make them and in the engagement those posts drew, week by
week. One monitor per brand; a post naming two brands counts for both."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlmodel import Session, col, select

from outreach.core.models import Mention, Monitor, Post

MAX_WEEKS = 104  # two years of weekly points: a chart still readable
DEFAULT_WEEKS = 12  # the range when none is chosen: a quarter
MAX_BRANDS = 10  # a chart of more lines is not read


@dataclass
class BrandVoice:
    """One monitor's part of the conversation in the range."""

    monitor_id: int
    name: str
    mentions: int = 0
    authors: int = 0  # distinct people (a channel without a known person counts as one)
    engagement: int = 0  # comments, shares and likes of the posts that mention it
    mention_share: float | None = None
    engagement_share: float | None = None
    weekly: list[int] = field(default_factory=list)  # mentions per week, one per ShareOfVoice.weeks


@dataclass
class ShareOfVoice:
    weeks: list[date]  # the Monday of each week in the range
    brands: list[BrandVoice]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_before(day: date, weeks: int) -> date:
    """The day so many weeks earlier, or the first day there is (a date typed as year 1 is no error)."""
    try:
        return day - timedelta(weeks=weeks)
    except OverflowError:
        return date.min


def default_start(end: date) -> date:
    """The first day of the range when only its end is known: DEFAULT_WEEKS weeks to `end`."""
    return weeks_before(end, DEFAULT_WEEKS) + timedelta(days=1)


def default_monitors(session: Session) -> list[int]:
    """The brands compared when none is chosen: the active monitors, by name, at most MAX_BRANDS."""
    return list(session.exec(select(Monitor.id).where(Monitor.is_active).order_by(Monitor.name)))[:MAX_BRANDS]


def share_of_voice(session: Session, monitor_ids: list[int], start: date, end: date) -> ShareOfVoice:
    """Each chosen monitor's mentions published from `start` to `end` (days, UTC), their authors and
    engagement, and their shares of the chosen monitors' totals; the monitors by name."""
    first = max(monday_of(start), weeks_before(monday_of(end), MAX_WEEKS - 1))
    weeks = [first + timedelta(weeks=index) for index in range((monday_of(end) - first).days // 7 + 1)]
    monitors = session.exec(select(Monitor).where(col(Monitor.id).in_(monitor_ids)).order_by(Monitor.name)).all()
    brands = {monitor.id: BrandVoice(monitor.id, monitor.name, weekly=[0] * len(weeks)) for monitor in monitors}
    if not brands:
        return ShareOfVoice(weeks, [])
    since = datetime.combine(max(start, first), time.min, tzinfo=timezone.utc)
    until = datetime.combine(end, time.max, tzinfo=timezone.utc)
    rows = session.exec(
        select(Mention.monitor_id, Mention.published_at, Mention.blogger_id, Mention.blog_id,
               Post.comment_count, Post.shares, Post.likes)
        .join(Post, Post.id == Mention.post_id)
        .where(col(Mention.monitor_id).in_(list(brands)), Mention.published_at >= since, Mention.published_at <= until))
    authors: dict[int, set] = defaultdict(set)
    for monitor_id, published_at, blogger_id, blog_id, comments, shares, likes in rows:
        brand = brands[monitor_id]
        brand.mentions += 1
        brand.engagement += (comments or 0) + (shares or 0) + (likes or 0)
        authors[monitor_id].add(("person", blogger_id) if blogger_id else ("channel", blog_id))
        brand.weekly[(monday_of(published_at.astimezone(timezone.utc).date()) - first).days // 7] += 1
    total_mentions = sum(brand.mentions for brand in brands.values())
    total_engagement = sum(brand.engagement for brand in brands.values())
    for monitor_id, brand in brands.items():
        brand.authors = len(authors[monitor_id])
        brand.mention_share = brand.mentions / total_mentions if total_mentions else None
        brand.engagement_share = brand.engagement / total_engagement if total_engagement else None
    return ShareOfVoice(weeks, list(brands.values()))
