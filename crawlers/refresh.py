"""THE refresh: one blog fetched, parsed and stored in one transaction. The scheduler, the
CLI and the web's "refresh now" all call `refresh_blog`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import bindparam, update
from sqlalchemy import select as core_select
from sqlmodel import Session, select

from crawlers.add import AddBlogError, discover_source
from crawlers.channel_notes import gives_figures, note_feed_kind, note_rates
from crawlers.engagement import engagement_due, read_channel_engagement
from crawlers.engagement_store import store_engagement
from crawlers.fetch import Fetcher, FetchError
from crawlers.options import CrawlOptions
from crawlers.parse import FeedError, parse_feed
from crawlers.profile_pages import fetch_profile_pages, needs_profile, store_profile
from crawlers.schedule import RELEASED, clamp, error_interval, healthy_interval, recent_post_dates, retry_after_interval
from crawlers.store import store_entries
from outreach.core.db.write_turn import write_turn
from outreach.core.models import Blog, utcnow
from outreach.core.urls import BadUrl, normalise_url

log = logging.getLogger(__name__)
BLOG_TABLE = Blog.__table__
# What a refresh reads of the blog before fetching. Every outcome is then written with one
# Core UPDATE of the columns that changed: loading, tracking and flushing an ORM object for it
# cost a first crawl more than the UPDATE does.
CRAWL_STATE = core_select(*(BLOG_TABLE.c[name] for name in (
    "id", "status", "feed_url", "homepage_url", "title", "blogger_id", "etag", "last_modified", "next_check_at",
    "last_checked_at", "last_fetched_at", "error_count", "profile_checked_at", "platform", "details",
    "api_next_check_at")),
    (BLOG_TABLE.c.description == "").label("lacks_description")).where(BLOG_TABLE.c.id == bindparam("blog_id"))
MARK_UNCHANGED = update(BLOG_TABLE).where(BLOG_TABLE.c.id == bindparam("blog_id")).values(
    last_checked_at=bindparam("checked_at"), next_check_at=bindparam("next_check"), error_count=0, last_error="",
    **RELEASED)


@dataclass
class RefreshResult:
    """What one refresh did: fetched, unchanged, gone, error, or skipped (not due)."""

    blog_id: int
    outcome: str
    new_posts: int = 0
    updated_posts: int = 0
    error: str = ""
    new_post_ids: list[int] = field(default_factory=list)


def refresh_blog(session: Session, blog_id: int, force: bool = False, options: CrawlOptions | None = None,
                 fetcher: Fetcher | None = None) -> RefreshResult:
    """Fetch, parse and store one blog; every outcome is recorded on the blog's crawl state."""
    options = options or CrawlOptions()
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(options)
    try:
        return _refresh(session, blog_id, force, options, fetcher)
    except Exception as error:
        session.rollback()
        log.exception("blog %s: refresh failed", blog_id)
        return record_failure(session, blog_id, error, options)
    finally:
        if own_fetcher:
            fetcher.close()


def record_failure(session: Session, blog_id: int, error: Exception, options: CrawlOptions) -> RefreshResult:
    """A failure nobody foresaw (a parser's crash, a row the database refused) becomes the blog's
    error with its back-off and its lease released, so the crawl goes on and the blog waits its
    turn. Raises the error itself when even that cannot be written (the database is gone)."""
    try:
        state = session.connection().execute(CRAWL_STATE, {"blog_id": blog_id}).first()
        if state is not None:
            message = f"could not read or store the feed: {type(error).__name__}: {error}"
            return record_error(session, state, message, options, utcnow())
    except Exception:
        session.rollback()
    raise error


def _refresh(session: Session, blog_id: int, force: bool, options: CrawlOptions, fetcher: Fetcher) -> RefreshResult:
    state = session.connection().execute(CRAWL_STATE, {"blog_id": blog_id}).first()
    if state is None:
        return RefreshResult(blog_id, "error", error=f"no blog with id {blog_id}")
    now = utcnow()
    if not force and (state.status == "gone" or (state.next_check_at and state.next_check_at > now)):
        return RefreshResult(blog_id, "skipped")
    changes: dict = {}  # the blog's columns to write, all at once with its posts
    if state.status == "pending":
        problem, changes = find_pending_feed(session, state, fetcher)
        if problem:
            return record_error(session, state, problem, options, now)
    feed_url = changes.get("feed_url", state.feed_url)
    try:
        result = fetcher.get(feed_url, etag=state.etag, last_modified=state.last_modified)
    except FetchError as error:
        return record_error(session, state, str(error), options, now)
    engagement = (read_channel_engagement(state, changes, fetcher, now)
                  if result.status in (200, 304) and engagement_due(state, changes, now) else None)
    if result.status == 304 and not changes:
        return record_unchanged(session, state, now, options, engagement)
    changes["last_checked_at"] = now
    if not 200 <= result.status < 300:
        return record_status(session, state, result, changes, options, now)
    try:
        feed = parse_feed(result.body, result.headers, result.url)
    except FeedError as error:
        return record_error(session, state, f"{result.url}: {error}", options, now)
    if not feed.entries and feed.malformed:
        return record_error(session, state, f"{result.url}: no entries ({feed.malformed})", options, now)
    if result.moved_to and result.moved_to != feed_url and feed_moves(session, state.id, result.moved_to):
        changes["feed_url"] = feed_url = result.moved_to
    homepage_url = note_feed_details(state, result, feed, changes, now)
    note_feed_kind(state, feed, changes, feed_url, homepage_url, fetcher.options.platform_bases)
    # Profile pages are fetched before writing: no network wait while this blog holds the
    # database's write lock.
    profile_pages = (fetch_profile_pages(state.id, homepage_url, fetcher, options)
                     if needs_profile(homepage_url, state.profile_checked_at, now, options) else None)
    return store_feed(session, state, feed, feed_url, changes, profile_pages, options, now, engagement)


def record_status(session: Session, state, result, changes: dict, options: CrawlOptions,
                  now: datetime) -> RefreshResult:
    """An answer without a feed: gone (410), come back later (429, 503), or an error."""
    if result.status == 410:
        message = "the feed is gone (HTTP 410): it is no longer checked"
        changes.update(status="gone", next_check_at=None, last_error=message)
        return finish(session, state.id, changes, RefreshResult(state.id, "gone", error=message))
    if result.status in (429, 503):
        error_count = state.error_count + 1
        message = f"HTTP {result.status}: the server asked to come back later"
        wait = retry_after_interval(result.retry_after or 0, error_count, options)
        changes.update(error_count=error_count, last_error=message, next_check_at=now + wait)
        return finish(session, state.id, changes, RefreshResult(state.id, "error", error=message))
    if result.status in (401, 403):
        # A private server (a fediverse instance that shows nothing to visitors, a members-only
        # newsletter): asking again soon changes nothing, so wait the longest healthy interval.
        error_count = state.error_count + 1
        message = f"HTTP {result.status}: the server shows this feed only to signed-in readers"
        wait = max(error_interval(error_count, options), timedelta(minutes=options.max_interval_minutes))
        changes.update(error_count=error_count, last_error=message, next_check_at=now + wait)
        return finish(session, state.id, changes, RefreshResult(state.id, "error", error=message))
    return record_error(session, state, f"HTTP {result.status} from {result.url}", options, now)


def note_feed_details(state, result, feed, changes: dict, now: datetime) -> str:
    """The crawl state a fetched feed sets, and the title, description and homepage it gives
    where the blog has none; returns the blog's homepage."""
    changes.update(etag=result.headers.get("etag", "")[:500], last_fetched_at=now, error_count=0, last_error="",
                   last_modified=result.headers.get("last-modified", "")[:100])
    # Written only when they change: a change of these fires the directory's search triggers.
    if not state.title and feed.title:
        changes["title"] = feed.title[:500]
    if state.lacks_description and feed.description:
        changes["description"] = feed.description
    homepage_url = changes.get("homepage_url") or state.homepage_url
    if not homepage_url and feed.link:
        try:
            changes["homepage_url"] = homepage_url = normalise_url(feed.link)
        except BadUrl:
            pass
    return homepage_url


def store_feed(session: Session, state, feed, feed_url: str, changes: dict, profile_pages,
               options: CrawlOptions, now: datetime, engagement=None) -> RefreshResult:
    """Write the posts, the next check, the profile, the open engagement and the crawl state:
    one transaction."""
    with write_turn(session):
        stored = store_entries(session, state.id, feed.entries, now)
        blogger_id = state.blogger_id
        if engagement is not None:
            found = store_engagement(session, state.id, blogger_id, changes.get("homepage_url") or state.homepage_url,
                                     engagement, now)
            if "details" in found:  # the API's details join what the feed said of the channel
                found["details"] = {**changes.get("details", {}), **found["details"]}
            changes.update(found)
            # Its profile may have joined this channel to another blogger's.
            blogger_id = session.exec(select(Blog.blogger_id).where(Blog.id == state.id)).one()
        dates = recent_post_dates(session, state.id)
        note_rates(session, state, changes, dates, engagement is not None or gives_figures(feed.entries))
        if dates:
            changes["last_post_at"] = dates[0]
        changes["next_check_at"] = now + healthy_interval(dates, options)
        if profile_pages is not None:
            author = feed.author or next((entry.author for entry in feed.entries if entry.author), "")
            changes.update(store_profile(session, blogger_id, feed_url, author, profile_pages, now))
        outcome = RefreshResult(state.id, "fetched", len(stored.new_post_ids), stored.updated,
                                new_post_ids=stored.new_post_ids)
        return finish(session, state.id, changes, outcome)


def record_unchanged(session: Session, state, now: datetime, options: CrawlOptions,
                     engagement=None) -> RefreshResult:
    """A 304: only the crawl state changes (checked now, errors cleared, the lease released), and
    the open engagement when its API was due."""
    wait = unchanged_interval(session, state, options)
    with write_turn(session):
        if engagement is not None:
            changes = store_engagement(session, state.id, state.blogger_id, state.homepage_url, engagement, now)
            note_rates(session, state, changes)
            session.connection().execute(blog_update(tuple(changes)),
                                         {"blog_id": state.id, **{f"new_{key}": value for key, value in changes.items()}})
        session.connection().execute(MARK_UNCHANGED, {"blog_id": state.id, "checked_at": now,
                                                      "next_check": now + wait})
        session.commit()
    log.info("blog %s: unchanged", state.id)
    return RefreshResult(state.id, "unchanged")


def unchanged_interval(session: Session, state, options: CrawlOptions) -> timedelta:
    """The wait after a 304. Nothing was posted, so a healthy blog keeps the interval its post
    dates gave at the last check, without reading them again (a 304 crawl is mostly this)."""
    previous_check = state.last_checked_at
    if state.error_count == 0 and previous_check and state.next_check_at and state.last_fetched_at:
        return clamp(state.next_check_at - previous_check, options)
    return healthy_interval(recent_post_dates(session, state.id), options)


def finish(session: Session, blog_id: int, changes: dict, outcome: RefreshResult) -> RefreshResult:
    """Write the blog's changes, release the worker's lease and commit everything of this blog at once."""
    with write_turn(session):
        values = {f"new_{name}": value for name, value in changes.items()}
        session.connection().execute(blog_update(tuple(changes)), {"blog_id": blog_id, **values})
        session.commit()
    log.info("blog %s: %s%s", outcome.blog_id, outcome.outcome,
             f" ({outcome.new_posts} new posts)" if outcome.new_posts else f" ({outcome.error})" if outcome.error else "")
    return outcome


@lru_cache(maxsize=128)
def blog_update(columns: tuple[str, ...]):
    """The UPDATE of these columns of a blog, releasing its lease. Built once for each set of
    columns: building and keying a statement cost more than SQLite takes to run it."""
    return update(BLOG_TABLE).where(BLOG_TABLE.c.id == bindparam("blog_id")).values(
        {**{name: bindparam(f"new_{name}") for name in columns}, **RELEASED})


def record_error(session: Session, state, message: str, options: CrawlOptions, now: datetime) -> RefreshResult:
    """Count the error, keep its message, and back off."""
    session.rollback()  # drop anything half-done for this blog
    error_count, message = state.error_count + 1, message[:2000]
    changes = {"error_count": error_count, "last_error": message, "last_checked_at": now,
               "next_check_at": now + error_interval(error_count, options)}
    return finish(session, state.id, changes, RefreshResult(state.id, "error", error=message))


def other_blog_with_feed(session: Session, feed_url: str, blog_id: int) -> int | None:
    """The id of another blog that already has this feed URL, if any (feed URLs are unique)."""
    return session.exec(select(Blog.id).where(Blog.feed_url == feed_url, Blog.id != blog_id)).first()


def feed_moves(session: Session, blog_id: int, new_url: str) -> bool:
    """A permanent redirect: the feed lives at the new URL from now on (unless another blog has it)."""
    clash = other_blog_with_feed(session, new_url, blog_id)
    if clash is None:
        log.info("blog %s: feed moved to %s", blog_id, new_url)
    return clash is None


def find_pending_feed(session: Session, state, fetcher: Fetcher) -> tuple[str, dict]:
    """A blog added by URL from the web or a list: find its feed now. Returns a problem, or ''
    and the blog's changes."""
    try:
        found = discover_source(fetcher, state.feed_url)
    except AddBlogError as error:
        return str(error), {}
    feed_url = normalise_url(found.feed_url)
    clash = other_blog_with_feed(session, feed_url, state.id)
    if clash is not None:
        return f"this is the same feed as blog {clash}: remove one of them", {}
    changes = {"feed_url": feed_url, "status": "active", "platform": found.kind,
               "details": {**(state.details or {}), **found.details}}
    if not state.homepage_url and found.homepage_url:
        changes["homepage_url"] = found.homepage_url
    return "", changes
