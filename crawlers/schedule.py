"""When to check a blog next, which blogs are due, and claiming them so that two crawl
workers never fetch the same blog at once."""

from __future__ import annotations

import statistics
import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select as sa_select, update
from sqlmodel import Session, select

from outreach.models import Blog, Post

from .options import CrawlOptions

MAX_RETRY_AFTER = timedelta(days=7)


def clamp(interval: timedelta, options: CrawlOptions) -> timedelta:
    low = timedelta(minutes=options.min_interval_minutes)
    high = timedelta(minutes=options.max_interval_minutes)
    return max(low, min(high, interval))


def healthy_interval(post_dates: list[datetime], options: CrawlOptions) -> timedelta:
    """Check about twice per typical gap between posts, within the bounds."""
    dates = sorted(post_dates, reverse=True)[:10]
    if len(dates) < 2:
        return timedelta(minutes=options.max_interval_minutes)
    gaps = [(newer - older).total_seconds() for newer, older in zip(dates, dates[1:])]
    return clamp(timedelta(seconds=statistics.median(gaps) / 2), options)


def error_interval(error_count: int, options: CrawlOptions) -> timedelta:
    """Exponential back-off: the minimum, doubled for every error in a row, up to the maximum."""
    return clamp(timedelta(minutes=options.min_interval_minutes) * (2 ** min(max(error_count - 1, 0), 20)),
                 options)


def retry_after_interval(seconds: float, error_count: int, options: CrawlOptions) -> timedelta:
    """What the server asked for, if longer than our own back-off, within a week."""
    asked = timedelta(seconds=seconds)
    return min(MAX_RETRY_AFTER, max(asked, error_interval(error_count, options)))


def recent_post_dates(session: Session, blog_id: int) -> list[datetime]:
    return list(session.exec(select(Post.published_at).where(Post.blog_id == blog_id)
                             .order_by(Post.published_at.desc()).limit(10)))


def due_condition(now: datetime):
    return and_(Blog.status.in_(("active", "pending")), or_(Blog.next_check_at.is_(None), Blog.next_check_at <= now))


def unclaimed_condition(now: datetime):
    return or_(Blog.claimed_until.is_(None), Blog.claimed_until < now)


def due_blogs(now: datetime):
    """A select() of the ids of blogs due for a check, most overdue first."""
    return select(Blog.id).where(due_condition(now)).order_by(Blog.next_check_at)


def claim_blogs(session: Session, now: datetime, options: CrawlOptions, *, limit: int,
                blog_ids: list[int] | None = None, due_only: bool = True) -> list[int]:
    """Lease up to `limit` blogs to this worker; returns their ids. A crashed worker's lease
    runs out after `lease_seconds`. On PostgreSQL the rows are picked with SKIP LOCKED."""
    token = uuid.uuid4().hex
    candidates = sa_select(Blog.id).where(unclaimed_condition(now))
    if due_only:
        candidates = candidates.where(due_condition(now))
    else:
        candidates = candidates.where(Blog.status != "gone")
    if blog_ids is not None:
        candidates = candidates.where(Blog.id.in_(blog_ids))
    candidates = candidates.order_by(Blog.next_check_at, Blog.id).limit(limit).with_for_update(skip_locked=True)
    until = now + timedelta(seconds=options.lease_seconds)
    session.execute(
        update(Blog)
        .where(Blog.id.in_(candidates.scalar_subquery()), unclaimed_condition(now))
        .values(claimed_by=token, claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return list(session.exec(select(Blog.id).where(Blog.claimed_by == token).order_by(Blog.next_check_at)))


def release(blog: Blog) -> None:
    blog.claimed_by = ""
    blog.claimed_until = None
