"""A crawl: claim blogs and refresh them with bounded concurrency, one session per blog."""

from __future__ import annotations

import logging
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from crawlers.fetch import Fetcher
from crawlers.options import CrawlOptions
from crawlers.refresh import RefreshResult, refresh_blog
from crawlers.schedule import claim_blogs, claimed_elsewhere
from outreach.core.db.checkpoints import background_checkpoints
from outreach.core.models import utcnow
from outreach.core.settings import default_of

log = logging.getLogger(__name__)


@dataclass
class CrawlSummary:
    fetched: int = 0
    unchanged: int = 0
    new_posts: int = 0
    errors: int = 0
    gone: int = 0
    skipped: int = 0
    # The new posts of each blog, for what follows a crawl (coverage, the index).
    new_post_ids: dict[int, list[int]] = field(default_factory=dict)
    # Blogs wanted but leased by another crawl (perhaps one that died), and when the last lease ends.
    claimed_elsewhere: int = 0
    claimed_until: datetime | None = None

    def add(self, result: RefreshResult) -> None:
        if result.outcome == "fetched":
            self.fetched += 1
        elif result.outcome == "unchanged":
            self.unchanged += 1
        elif result.outcome == "gone":
            self.gone += 1
        elif result.outcome == "skipped":
            self.skipped += 1
        else:
            self.errors += 1
        self.new_posts += result.new_posts
        if result.new_post_ids:
            self.new_post_ids.setdefault(result.blog_id, []).extend(result.new_post_ids)

    @property
    def total(self) -> int:
        return self.fetched + self.unchanged + self.errors + self.gone + self.skipped

    def line(self) -> str:
        line = (f"{self.total} blogs: {self.fetched} fetched, {self.unchanged} unchanged, "
                f"{self.new_posts} new posts, {self.errors} errors" + (f", {self.gone} gone" if self.gone else ""))
        if self.claimed_elsewhere:
            line += (f"; {self.claimed_elsewhere} more claimed by another crawl (or one that stopped) until "
                     f"{self.claimed_until:%Y-%m-%d %H:%M} UTC, when they can be crawled again")
        return line


def crawl_blogs(engine: Engine, blog_ids: list[int] | None = None, *, due_only: bool = True,
                concurrency: int = default_of("CRAWL_CONCURRENCY"), options: CrawlOptions | None = None,
                on_progress: Callable[[RefreshResult], None] | None = None) -> CrawlSummary:
    """Refresh the due blogs (or the given ones, or all with due_only=False) until none is left
    to claim. Safe to run in several processes at once: each blog is claimed before it is fetched."""
    options = options or CrawlOptions()
    with Fetcher(options) as fetcher, background_checkpoints(engine):
        crawl = Crawl(engine, fetcher, options, blog_ids, due_only, on_progress)
        if concurrency <= 1:
            crawl.one_at_a_time()
        else:
            crawl.in_threads(concurrency)
    with Session(engine) as session:
        crawl.summary.claimed_elsewhere, crawl.summary.claimed_until = claimed_elsewhere(
            session, utcnow(), blog_ids, due_only)
    return crawl.summary


class Crawl:
    """One crawl's claims, refreshes and summary."""

    def __init__(self, engine: Engine, fetcher: Fetcher, options: CrawlOptions, blog_ids: list[int] | None,
                 due_only: bool, on_progress: Callable[[RefreshResult], None] | None) -> None:
        self.engine, self.fetcher, self.options = engine, fetcher, options
        self.blog_ids = None if blog_ids is None else list(blog_ids)
        self.due_only, self.on_progress = due_only, on_progress
        self.summary = CrawlSummary()
        self.pace = Pace()
        # A refreshed blog is not claimed again: it is no longer due, or (every blog once) it
        # was checked after the crawl began.
        self.since = utcnow()

    def claim_next(self, concurrency: int) -> list[int]:
        with Session(self.engine) as session:
            return claim_blogs(session, utcnow(), self.options, limit=self.pace.batch(concurrency),
                               blog_ids=self.blog_ids, due_only=self.due_only, since=self.since)

    def refresh_one(self, blog_id: int) -> RefreshResult:
        started = time.perf_counter()
        with Session(self.engine) as session:
            try:
                result = refresh_blog(session, blog_id, force=not self.due_only, options=self.options,
                                      fetcher=self.fetcher)
            except Exception as error:  # a bug must not stop the whole crawl
                log.exception("blog %s: refresh failed", blog_id)
                result = RefreshResult(blog_id, "error", error=f"internal error: {error}")
        self.pace.record(time.perf_counter() - started)
        return result

    def record(self, result: RefreshResult) -> None:
        self.summary.add(result)
        if self.on_progress is not None:
            self.on_progress(result)

    def one_at_a_time(self) -> None:
        """In this thread: handing each blog to a worker thread cost a 304 a tenth of its time."""
        while claimed := self.claim_next(1):
            for blog_id in claimed:
                self.record(self.refresh_one(blog_id))

    def in_threads(self, concurrency: int) -> None:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            running: set[Future] = set()
            exhausted = False
            while True:
                # Claim the next batch while the current one still runs, so no thread waits for
                # the slowest blog of a batch.
                if not exhausted and len(running) <= concurrency:
                    claimed = self.claim_next(concurrency)
                    running |= {pool.submit(self.refresh_one, blog_id) for blog_id in claimed}
                    exhausted = not claimed
                if not running:
                    return
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    self.record(future.result())


class Pace:
    """How many blogs to claim at a time: about a quarter second of work per thread.

    A claim costs a few statements, so a crawl of quick 304s wants big batches; a first crawl
    (tens of ms a blog) wants small ones, so the blogs queued behind the running ones are
    fetched long before their lease runs out and other crawl processes get their share."""

    SECONDS_PER_BATCH = 0.25
    MOST = 64

    def __init__(self) -> None:
        self.mean: float | None = None

    def record(self, seconds: float) -> None:
        self.mean = seconds if self.mean is None else 0.9 * self.mean + 0.1 * seconds

    def batch(self, concurrency: int) -> int:
        least = max(8, 4 * concurrency)
        if not self.mean:
            return least
        return max(least, min(self.MOST, int(self.SECONDS_PER_BATCH * concurrency / self.mean)))
