"""When to check a blog next, which blogs are due, and claiming them so that two crawl
workers never fetch the same blog at once."""

from __future__ import annotations

import statistics
import uuid
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import and_, bindparam, func, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from crawlers.options import CrawlOptions
from outreach.core.db.write_turn import write_turn
from outreach.core.models import Blog, Post

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


RECENT_POST_DATES = (sa_select(Post.published_at).where(Post.blog_id == bindparam("blog_id"))
                     .order_by(Post.published_at.desc()).limit(10))  # built once: every refresh runs it


def recent_post_dates(session: Session, blog_id: int) -> list[datetime]:
    return list(session.connection().execute(RECENT_POST_DATES, {"blog_id": blog_id}).scalars())


def due_condition(now: datetime):
    return and_(Blog.status.in_(("active", "pending")), or_(Blog.next_check_at.is_(None), Blog.next_check_at <= now))


def unclaimed_condition(now: datetime):
    return or_(Blog.claimed_until.is_(None), Blog.claimed_until < now)


def not_checked_since(since):
    """Blogs a crawl of every blog still has to do: not gone, not checked since it began. (A
    list of every id instead was sent with each claim: slow, and past PostgreSQL's 65,535
    parameters on a big database.)"""
    return and_(Blog.status != "gone", or_(Blog.last_checked_at.is_(None), Blog.last_checked_at < since))


def due_blogs(now: datetime):
    """A select() of the ids of blogs due for a check, most overdue first."""
    return select(Blog.id).where(due_condition(now)).order_by(Blog.next_check_at)


def claim_blogs(session: Session, now: datetime, options: CrawlOptions, *, limit: int,
                blog_ids: list[int] | None = None, due_only: bool = True,
                since: datetime | None = None) -> list[int]:
    """Lease up to `limit` blogs to this worker; returns their ids, most overdue first, and
    an empty list only when none is left to claim. With due_only=False, every blog not gone
    and not checked since `since` (a crawl's start) is wanted, due or not. A crashed
    worker's lease runs out after `lease_seconds`. On PostgreSQL the rows are picked with
    SKIP LOCKED."""
    since = since or now
    token = uuid.uuid4().hex
    until = now + timedelta(seconds=options.lease_seconds)
    while True:
        picked: list[int] = []
        for candidates in candidate_queries(due_only, blog_ids is not None):
            if len(picked) >= limit:
                break
            # The session's connection, asked for each time: a commit (the lease) returns it.
            picked += session.connection().execute(candidates, {"now": now, "since": since, "ids": blog_ids or [],
                                                                "limit": limit - len(picked)}).scalars()
        if not picked:
            session.commit()
            return []
        claimed = lease(session, picked, token, until, now, since, due_only)
        if claimed:
            return [blog_id for blog_id in picked if blog_id in claimed]


def lease(session: Session, picked: list[int], token: str, until: datetime, now: datetime,
          since: datetime, due_only: bool) -> set[int]:
    """Write the lease on the picked blogs that are still free and still wanted (due, or for a
    crawl of every blog, not checked since it began); returns their ids.

    SQLite reads without locking, so since the pick another worker may have claimed a row, or
    claimed, refreshed and released it: without the second look, that blog would be leased
    again, skipped as not due, and left leased until the lease ran out."""
    with write_turn(session):
        claimed = set(session.connection().execute(
            lease_statement(due_only),
            {"picked": picked, "now": now, "since": since, "token": token, "until": until}).scalars())
        session.commit()
    return claimed


# The claim statements are built once (a claim runs every few blogs, and building a statement
# cost more than running it); `now`, the ids and the limit are parameters.
@lru_cache(maxsize=None)
def lease_statement(due_only: bool):
    now = bindparam("now")
    still_wanted = due_condition(now) if due_only else not_checked_since(bindparam("since"))
    return (update(Blog)
            .where(Blog.id.in_(bindparam("picked", expanding=True)), unclaimed_condition(now), still_wanted)
            .values(claimed_by=bindparam("token"), claimed_until=bindparam("until"))
            .returning(Blog.id))


@lru_cache(maxsize=None)
def candidate_queries(due_only: bool, by_id: bool) -> tuple:
    """The selects a claim reads from, in order. Due blogs come from one query per status, so
    that each walks ix_blog_due in order and stops at the limit: one query with an IN or OR
    over them made the database sort every due blog at every claim."""
    now = bindparam("now")
    base = sa_select(Blog.id).where(unclaimed_condition(now))
    if by_id:
        base = base.where(Blog.id.in_(bindparam("ids", expanding=True)))
    if not due_only:
        selects = [base.where(not_checked_since(bindparam("since"))).order_by(Blog.next_check_at, Blog.id)]
    else:
        selects = [
            base.where(Blog.status == "pending", or_(Blog.next_check_at.is_(None), Blog.next_check_at <= now))
            .order_by(Blog.next_check_at),
            base.where(Blog.status == "active", Blog.next_check_at.is_(None)),
            base.where(Blog.status == "active", Blog.next_check_at <= now).order_by(Blog.next_check_at),
        ]
    return tuple(query.limit(bindparam("limit")).with_for_update(skip_locked=True) for query in selects)


# A released lease, as every refresh writes it.
RELEASED = {"claimed_by": "", "claimed_until": None}


def claimed_elsewhere(session: Session, now: datetime, blog_ids: list[int] | None = None,
                      due_only: bool = True) -> tuple[int, datetime | None]:
    """How many wanted blogs another crawl holds (or held, if it died), and until when the last
    of those leases runs: a crawl cannot take them, and says so rather than skip them in silence."""
    wanted = due_condition(now) if due_only else Blog.status != "gone"
    statement = sa_select(func.count(), func.max(Blog.claimed_until)).where(Blog.claimed_until > now, wanted)
    if blog_ids is not None:
        statement = statement.where(Blog.id.in_(blog_ids))
    count, until = session.connection().execute(statement).one()
    return count, until
