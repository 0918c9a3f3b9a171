"""A crawl: claim blogs and refresh them with bounded concurrency, one session per blog."""

from __future__ import annotations

import logging
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from outreach.models import Blog

from .fetch import Fetcher
from .options import CrawlOptions
from .refresh import RefreshResult, refresh_blog, utcnow
from .schedule import claim_blogs

log = logging.getLogger(__name__)


@dataclass
class CrawlSummary:
    fetched: int = 0
    unchanged: int = 0
    new_posts: int = 0
    errors: int = 0
    gone: int = 0
    skipped: int = 0

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

    @property
    def total(self) -> int:
        return self.fetched + self.unchanged + self.errors + self.gone + self.skipped

    def line(self) -> str:
        return (f"{self.total} blogs: {self.fetched} fetched, {self.unchanged} unchanged, "
                f"{self.new_posts} new posts, {self.errors} errors" + (f", {self.gone} gone" if self.gone else ""))


def crawl_blogs(engine: Engine, blog_ids: list[int] | None = None, *, due_only: bool = True,
                concurrency: int = 4, options: CrawlOptions | None = None,
                on_progress: Callable[[RefreshResult], None] | None = None) -> CrawlSummary:
    """Refresh the due blogs (or the given ones, or all with due_only=False) until none is left
    to claim. Safe to run in several processes at once: each blog is claimed before it is fetched."""
    options = options or CrawlOptions()
    summary = CrawlSummary()
    force = not due_only

    def refresh_one(blog_id: int) -> RefreshResult:
        with Session(engine) as session:
            try:
                return refresh_blog(session, blog_id, force=force, options=options, fetcher=fetcher)
            except Exception as error:  # a bug must not stop the whole crawl
                log.exception("blog %s: refresh failed", blog_id)
                return RefreshResult(blog_id, "error", error=f"internal error: {error}")

    remaining = None if blog_ids is None else list(blog_ids)
    if remaining is None and not due_only:
        # Every blog once: fix the list first, or refreshed blogs would be claimed again.
        with Session(engine) as session:
            remaining = list(session.exec(select(Blog.id).where(Blog.status != "gone").order_by(Blog.id)))
    # A claim costs a few statements: batches of several blogs each, yet few enough that the
    # blogs queued behind the running ones are fetched long before their lease runs out.
    batch = max(8, 4 * concurrency)
    with Fetcher(options) as fetcher, ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        running: set[Future] = set()
        exhausted = False
        while True:
            # Claim the next small batch while the current one still runs, so no thread waits for
            # the slowest blog of a batch; small batches leave other crawl processes their share.
            if not exhausted and len(running) <= concurrency:
                with Session(engine) as session:
                    claimed = claim_blogs(session, utcnow(), options, limit=batch, blog_ids=remaining,
                                          due_only=due_only)
                if claimed and remaining is not None:
                    taken = set(claimed)
                    remaining = [blog_id for blog_id in remaining if blog_id not in taken]
                running |= {pool.submit(refresh_one, blog_id) for blog_id in claimed}
                exhausted = not claimed
            if not running:
                return summary
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                summary.add(result)
                if on_progress is not None:
                    on_progress(result)
