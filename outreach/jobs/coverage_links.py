"""The weekly check that confirmed coverage still links to the brand, run by the crawl tick."""

from __future__ import annotations

import logging
from typing import Any, Mapping

from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from crawlers.coverage_links import check_links
from crawlers.fetch import Fetcher
from crawlers.options import CrawlOptions
from outreach.core.claims import claim_rows, release
from outreach.core.coverage_links import CHECKS_PER_TICK, LinkCheck, due_for_check, record_check, site_hosts
from outreach.core.models import Campaign, Coverage, PipelineEntry, utcnow

log = logging.getLogger(__name__)
LEASE_SECONDS = 900


def check_coverage_links(engine: Engine, options: CrawlOptions, settings: Mapping[str, Any],
                         limit: int = CHECKS_PER_TICK) -> int:
    """Check the due coverage pages no other scheduler is checking; returns how many were checked."""
    now = utcnow()
    with Session(engine) as session:
        due = due_for_check(session, now)[:limit * 2]
        if not due:
            return 0
        claimed = claim_rows(session, Coverage, col(Coverage.id).in_(due), now, limit=limit,
                             lease_seconds=LEASE_SECONDS)
    checked = 0
    with Fetcher(options) as fetcher:
        for coverage_id in claimed:
            with Session(engine) as session:
                coverage = session.get(Coverage, coverage_id)
                if coverage is None:  # deleted meanwhile
                    continue
                campaign = session.get(Campaign, session.get(PipelineEntry, coverage.entry_id).campaign_id)
                hosts = site_hosts(campaign.brand_sites)
                try:
                    check = check_links(fetcher, coverage.url, hosts)
                except Exception as error:  # one page must not stop the others
                    log.exception("coverage %s: checking %s failed", coverage_id, coverage.url)
                    check = LinkCheck("error", error=f"the page could not be read ({type(error).__name__})")
                record_check(session, coverage, check, utcnow(), settings, sites_named=bool(hosts))
                release(coverage)
                session.commit()
                checked += 1
    return checked
