"""THE refresh: one blog fetched, parsed and stored in one transaction. The scheduler, the
CLI and the web's "refresh now" all call `refresh_blog`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import bindparam, update
from sqlalchemy import select as core_select
from sqlmodel import Session, select

from outreach.models import Blog, Blogger, ContactDetail

from .add import AddBlogError, discover_feed
from .discover import about_and_contact_links, soup_of
from .fetch import Fetcher, FetchError
from .options import CrawlOptions
from .parse import FeedError, parse_feed
from .profile import extract_profile
from .schedule import (RELEASED, clamp, error_interval, healthy_interval, recent_post_dates, release,
                       retry_after_interval)
from .store import store_entries
from .urls import BadUrl, normalise_url
from .write_turn import write_turn

log = logging.getLogger(__name__)
# Built once: Session.get builds and keys a new statement for every refresh.
BLOG_BY_ID = select(Blog).where(Blog.id == bindparam("blog_id"))
BLOG_TABLE = Blog.__table__
# What a refresh reads before fetching. A 304, most of any crawl after the first, then writes
# the crawl state with one Core statement: no ORM object is loaded, tracked or flushed for it.
CRAWL_STATE = core_select(*(BLOG_TABLE.c[name] for name in (
    "id", "status", "feed_url", "etag", "last_modified", "next_check_at", "last_checked_at", "last_fetched_at",
    "error_count"))).where(BLOG_TABLE.c.id == bindparam("blog_id"))
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


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def refresh_blog(session: Session, blog_id: int, force: bool = False, options: CrawlOptions | None = None,
                 fetcher: Fetcher | None = None) -> RefreshResult:
    """Fetch, parse and store one blog; every outcome is recorded on the blog's crawl state."""
    options = options or CrawlOptions()
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(options)
    try:
        return _refresh(session, blog_id, force, options, fetcher)
    except Exception:
        session.rollback()
        raise
    finally:
        if own_fetcher:
            fetcher.close()


def _refresh(session: Session, blog_id: int, force: bool, options: CrawlOptions, fetcher: Fetcher) -> RefreshResult:
    state = session.connection().execute(CRAWL_STATE, {"blog_id": blog_id}).first()
    if state is None:
        return RefreshResult(blog_id, "error", error=f"no blog with id {blog_id}")
    now = utcnow()
    if not force and (state.status == "gone" or (state.next_check_at and state.next_check_at > now)):
        return RefreshResult(blog_id, "skipped")
    blog, feed_url = None, state.feed_url
    if state.status == "pending":
        blog = load_blog(session, blog_id)
        problem = find_pending_feed(session, blog, fetcher)
        if problem:
            return record_error(session, blog_id, problem, options, now)
        feed_url = blog.feed_url
    try:
        result = fetcher.get(feed_url, etag=state.etag, last_modified=state.last_modified)
    except FetchError as error:
        return record_error(session, blog_id, str(error), options, now)
    if result.status == 304 and blog is None:
        return record_unchanged(session, state, now, options)
    blog = blog or load_blog(session, blog_id)
    blog.last_checked_at = now
    if result.status == 410:
        blog.status, blog.next_check_at = "gone", None
        blog.last_error = "the feed is gone (HTTP 410): it is no longer checked"
        return finish(session, blog, RefreshResult(blog.id, "gone", error=blog.last_error))
    if result.status in (429, 503):
        blog.error_count += 1
        blog.last_error = f"HTTP {result.status}: the server asked to come back later"
        wait = retry_after_interval(result.retry_after or 0, blog.error_count, options)
        blog.next_check_at = now + wait
        return finish(session, blog, RefreshResult(blog.id, "error", error=blog.last_error))
    if not 200 <= result.status < 300:
        return record_error(session, blog_id, f"HTTP {result.status} from {result.url}", options, now)
    try:
        feed = parse_feed(result.body, result.headers, result.url)
    except FeedError as error:
        return record_error(session, blog_id, f"{result.url}: {error}", options, now)
    if not feed.entries and feed.malformed:
        return record_error(session, blog_id, f"{result.url}: no entries ({feed.malformed})", options, now)
    if result.moved_to and result.moved_to != blog.feed_url:
        move_feed(session, blog, result.moved_to)
    blog.etag = result.headers.get("etag", "")[:500]
    blog.last_modified = result.headers.get("last-modified", "")[:100]
    blog.last_fetched_at = now
    blog.title = blog.title or feed.title[:500]
    blog.description = blog.description or feed.description
    if not blog.homepage_url and feed.link:
        try:
            blog.homepage_url = normalise_url(feed.link)
        except BadUrl:
            pass
    # Profile pages are fetched before writing: no network wait while this blog holds the
    # database's write lock.
    profile_pages = fetch_profile_pages(blog, fetcher, options) if needs_profile(blog, now, options) else None
    with write_turn(session), session.no_autoflush:  # the blog's row is written once, at the commit
        stored = store_entries(session, blog.id, feed.entries, now)
        dates = recent_post_dates(session, blog.id)
        blog.last_post_at = dates[0] if dates else blog.last_post_at
        blog.error_count, blog.last_error = 0, ""
        blog.next_check_at = now + healthy_interval(dates, options)
        if stored.new_post_ids:
            from outreach.coverage import propose_coverage  # no Flask: plain database rules

            propose_coverage(session, blog.id, stored.new_post_ids)
        if profile_pages is not None:
            author = feed.author or next((entry.author for entry in feed.entries if entry.author), "")
            store_profile(session, blog, author, profile_pages, now)
        outcome = RefreshResult(blog.id, "fetched", len(stored.new_post_ids), stored.updated,
                                new_post_ids=stored.new_post_ids)
        return finish(session, blog, outcome)


def load_blog(session: Session, blog_id: int) -> Blog:
    return session.execute(BLOG_BY_ID, {"blog_id": blog_id}).scalar_one()


def record_unchanged(session: Session, state, now: datetime, options: CrawlOptions) -> RefreshResult:
    """A 304: only the crawl state changes (checked now, errors cleared, the lease released)."""
    wait = unchanged_interval(session, state, options)
    with write_turn(session):
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


def finish(session: Session, blog: Blog, outcome: RefreshResult) -> RefreshResult:
    """Release the worker's lease and commit everything of this blog at once."""
    release(blog)
    session.add(blog)
    with write_turn(session):
        session.commit()
    log.info("blog %s: %s%s", outcome.blog_id, outcome.outcome,
             f" ({outcome.new_posts} new posts)" if outcome.new_posts else f" ({outcome.error})" if outcome.error else "")
    return outcome


def record_error(session: Session, blog_id: int, message: str, options: CrawlOptions,
                 now: datetime) -> RefreshResult:
    """Count the error, keep its message, and back off."""
    session.rollback()  # drop anything half-done for this blog
    blog = session.get(Blog, blog_id)
    blog.error_count += 1
    blog.last_error = message[:2000]
    blog.last_checked_at = now
    blog.next_check_at = now + error_interval(blog.error_count, options)
    return finish(session, blog, RefreshResult(blog.id, "error", error=blog.last_error))


def move_feed(session: Session, blog: Blog, new_url: str) -> None:
    """A permanent redirect: the feed lives at the new URL from now on (unless another blog has it)."""
    clash = session.exec(select(Blog.id).where(Blog.feed_url == new_url, Blog.id != blog.id)).first()
    if clash is None:
        log.info("blog %s: feed moved to %s", blog.id, new_url)
        blog.feed_url = new_url


def find_pending_feed(session: Session, blog: Blog, fetcher: Fetcher) -> str:
    """A blog added by URL from the web or a list: find its feed now. Returns a problem or ''."""
    try:
        found = discover_feed(fetcher, blog.feed_url)
    except AddBlogError as error:
        return str(error)
    feed_url = normalise_url(found.feed_url)
    clash = session.exec(select(Blog.id).where(Blog.feed_url == feed_url, Blog.id != blog.id)).first()
    if clash is not None:
        return f"this is the same feed as blog {clash}: remove one of them"
    blog.feed_url, blog.status = feed_url, "active"
    blog.homepage_url = blog.homepage_url or found.homepage_url
    return ""


def needs_profile(blog: Blog, now: datetime, options: CrawlOptions) -> bool:
    if not options.read_profiles or not blog.homepage_url:
        return False
    return blog.profile_checked_at is None or now - blog.profile_checked_at > timedelta(days=options.profile_max_age_days)


def fetch_profile_pages(blog: Blog, fetcher: Fetcher, options: CrawlOptions) -> list[tuple[str, str]]:
    """The homepage and a few about/contact pages, as (url, html)."""
    pages = []
    try:
        home = fetcher.get(blog.homepage_url, page=True)
        if home.status == 200:
            pages.append((home.url, home.body.decode("utf-8", "replace")))
            soup = soup_of(home.body)
            for link in about_and_contact_links(soup, home.url, options.profile_max_pages):
                extra = fetcher.get(link, page=True)
                if extra.status == 200:
                    pages.append((extra.url, extra.body.decode("utf-8", "replace")))
    except FetchError as error:
        log.info("blog %s: profile pages not read (%s)", blog.id, error)
    return pages


def store_profile(session: Session, blog: Blog, feed_author: str, pages: list[tuple[str, str]],
                  now: datetime) -> None:
    """Record what the pages say about the blogger, and where."""
    blog.profile_checked_at = now
    profile = extract_profile(pages, feed_author=feed_author, feed_url=blog.feed_url)
    if blog.blogger_id is None:
        blogger = Blogger()
        session.add(blogger)
        session.flush()
        blog.blogger_id = blogger.id
    blogger = session.get(Blogger, blog.blogger_id)
    # A name found in the feed or on the pages replaces none, or a mere site title.
    if profile.name and (not blogger.name or blogger.name_source.startswith(("site name", "page title"))):
        blogger.name, blogger.name_source = profile.name.value, f"{profile.name.found_by} ({profile.name.source_url})"
    if profile.location and not blogger.location:
        blogger.location = profile.location.value
    if profile.about and not blogger.about:
        blogger.about = profile.about
    known = {(detail.kind, detail.value) for detail in session.exec(
        select(ContactDetail).where(ContactDetail.blogger_id == blogger.id))}
    details = [("email", found) for found in profile.emails] + profile.socials
    for kind, found in details:
        if (kind, found.value) not in known:
            known.add((kind, found.value))
            session.add(ContactDetail(blogger_id=blogger.id, kind=kind, value=found.value[:500],
                                      source_url=found.source_url[:2048], found_by=found.found_by))
    blogger.updated_at = now
    session.add(blogger)
