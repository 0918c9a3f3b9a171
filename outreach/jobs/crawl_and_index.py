"""A crawl and what follows it: the new posts proposed as coverage, then the search index
brought up to date. The CLI, the scheduler and the demo all run this, so they all do the same."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Mapping

from sqlalchemy.engine import Engine
from sqlmodel import Session

from crawlers.crawl import CrawlSummary, crawl_blogs
from crawlers.fetch import Fetcher
from crawlers.options import CrawlOptions
from crawlers.refresh import RefreshResult
from crawlers.seeds import read_seeds, unread_seeds
from outreach.core.coverage import blogs_in_campaigns, propose_coverage
from outreach.core.mentions import announce, record_mentions
from outreach.core.search_index import blogs_removed_since_publish, index_identity
from outreach.core.settings import default_of
from outreach.jobs.coverage_links import check_coverage_links
from outreach.jobs.discovery import read_waiting_candidates, run_discovery_requests
from outreach.jobs.languages import read_languages
from scoring import refresh_index

log = logging.getLogger(__name__)


def crawl_and_index(engine: Engine, index_dir: Path, options: CrawlOptions, *, blog_ids=None, due_only=True,
                    concurrency: int = default_of("CRAWL_CONCURRENCY"), settings: Mapping[str, Any] | None = None,
                    on_progress: Callable[[RefreshResult], None] | None = None) -> CrawlSummary:
    """Crawl; read the niches' new seed pages; propose the new posts as coverage; match them
    against the brand monitors and tell their watchers; read the language of the blogs that
    wrote them (and of some never read); bring the search index up to date if
    anything changed (a blog deleted or forgotten included); check that confirmed coverage still
    links to the brand (weekly); read the blogrolls that discovery for a niche asked for, and the
    feeds of the candidates it proposed."""
    summary = crawl_blogs(engine, blog_ids, due_only=due_only, concurrency=concurrency, options=options,
                          on_progress=on_progress)
    if unread_seeds(engine, limit=1):  # most ticks have none: no fetcher for them
        with Fetcher(options) as fetcher:
            read_seeds(engine, fetcher)
    if summary.new_post_ids:
        propose_new_coverage(engine, summary.new_post_ids)
        listen(engine, [post_id for ids in summary.new_post_ids.values() for post_id in ids], settings or {})
    try:
        read_languages(engine, summary.new_post_ids)
    except Exception:  # the posts are stored; the languages are read at the next tick
        log.exception("reading the blogs' languages failed")
    with Session(engine) as session:
        if summary.fetched or index_identity(session).generation == 0 or blogs_removed_since_publish(session):
            report = refresh_index(session, index_dir)
            log.info("index: %s", report.summary())
    try:
        check_coverage_links(engine, options, settings or {})
    except Exception:  # the crawl is done; the links are checked at the next tick
        log.exception("checking coverage links failed")
    try:
        run_discovery_requests(engine, index_dir, options)
    except Exception:  # the crawl is done and indexed; the request is tried again at the next tick
        log.exception("discovery requests failed")
    try:
        read_waiting_candidates(engine, index_dir, options, settings=settings)
    except Exception:  # as above: the candidates are read at the next tick
        log.exception("reading the candidates' feeds failed")
    return summary


def propose_new_coverage(engine: Engine, new_post_ids: dict[int, list[int]]) -> int:
    """Propose new posts as coverage where they name a campaign's terms; one transaction per
    blog, so a failure with one blog's proposals loses no other's."""
    with Session(engine) as session:
        watched = blogs_in_campaigns(session, list(new_post_ids))
    proposed = 0
    for blog_id, blogger_id in watched.items():
        with Session(engine) as session:
            try:
                proposed += len(propose_coverage(session, blogger_id, new_post_ids[blog_id]))
                session.commit()
            except Exception:  # the posts are stored; a failed proposal must not stop the others
                session.rollback()
                log.exception("blog %s: coverage proposals failed", blog_id)
    return proposed


def listen(engine: Engine, post_ids: list[int], settings: Mapping[str, Any]) -> int:
    """The crawl's new posts matched against every monitor, the mentions stored and announced in
    one transaction: a watcher hears of a mention within the tick that found it."""
    with Session(engine) as session:
        try:
            mentions = record_mentions(session, post_ids)
            announce(session, mentions, settings)
            session.commit()
        except Exception:  # the posts are stored; listening tries again with the next posts
            session.rollback()
            log.exception("listening to %d new posts failed", len(post_ids))
            return 0
    return len(mentions)
