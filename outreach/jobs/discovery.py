"""Discovery asked for on the pages or the API, finished by the scheduler: the blogrolls of a
niche's best-ranked blogs, which the pages do not fetch themselves."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from crawlers.candidates import discover_candidates
from crawlers.fetch import Fetcher
from crawlers.options import CrawlOptions
from outreach.core.candidates import NEW_AT_MOST, NICHE_SOURCES
from outreach.core.models import Niche
from outreach.core.niches import niche_spec
from scoring import IndexMissing, current_index, rank_niche

log = logging.getLogger(__name__)


def run_discovery_requests(engine: Engine, index_dir: Path, options: CrawlOptions) -> int:
    """Read the blogrolls (and post links) of the best-ranked blogs of every niche whose
    candidates were asked for; how many new candidates they gave. Each request is done once."""
    with Session(engine) as session:
        niches = session.exec(select(Niche).where(Niche.discovery_requested_at.is_not(None))
                              .order_by(Niche.discovery_requested_at)).all()
        if not niches:
            return 0
        try:
            index = current_index(session, index_dir)
        except IndexMissing:
            return 0  # the request waits for the first index
        proposed = 0
        with Fetcher(options) as fetcher:
            for niche in niches:
                ranking = rank_niche(index, niche_spec(session, niche), top=NICHE_SOURCES)
                blog_ids = [row.blog_id for row in ranking.bloggers]
                found = discover_candidates(session, fetcher, NEW_AT_MOST, blog_ids, niche.id) if blog_ids else []
                niche.discovery_requested_at = None
                session.add(niche)
                session.commit()
                proposed += len(found)
                log.info("discovery for %s: %d new candidates from %d blogs", niche.name, len(found), len(blog_ids))
    return proposed
