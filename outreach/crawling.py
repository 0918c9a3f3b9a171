"""The app's side of crawling: options from settings, a crawl followed by an index refresh.
Used by the CLI, the scheduler and the demo, so they all do the same thing."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from crawlers.crawl import CrawlSummary, crawl_blogs
from crawlers.options import CrawlOptions
from crawlers.refresh import RefreshResult
from scoring import refresh_index

log = logging.getLogger(__name__)


def crawl_options(config, **overrides) -> CrawlOptions:
    return CrawlOptions.from_settings(config, **overrides)


def crawl_and_index(engine: Engine, index_dir: Path, options: CrawlOptions, *, blog_ids=None, due_only=True,
                    concurrency: int = 4, on_progress: Callable[[RefreshResult], None] | None = None) -> CrawlSummary:
    """Crawl, then bring the search index up to date when anything changed."""
    summary = crawl_blogs(engine, blog_ids, due_only=due_only, concurrency=concurrency, options=options,
                          on_progress=on_progress)
    if summary.fetched or not Path(index_dir, "manifest.json").exists():
        with Session(engine) as session:
            report = refresh_index(session, index_dir)
        log.info("index: %s", report.summary())
    return summary
