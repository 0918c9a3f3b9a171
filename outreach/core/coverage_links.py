"""Whether confirmed coverage still links to the brand: which posts are due a check, the brand's
sites as hosts, and what a check's result changes (a lost link tells the entry's owner)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Mapping

from sqlmodel import Session, col, or_, select

from outreach.core.alerts import alert, send_alert_emails
from outreach.core.models import Campaign, Coverage, PipelineEntry, User, limits_of
from outreach.core.urls import host_of

CHECK_EVERY = timedelta(days=7)  # a link rarely goes within days; a week finds it while it matters
RETRY_AFTER_ERROR = timedelta(days=1)  # a server down for an hour is not a lost link
CHECKS_PER_TICK = 20
LOST = {"no_link", "gone"}
MAX_ERROR = limits_of(Coverage, "link_error").max_length
MAX_TITLE = limits_of(Coverage, "title").max_length


@dataclass(frozen=True)
class LinkCheck:
    """What reading a coverage page found."""

    status: str  # "linked", "no_link", "gone" or "error"
    links: list[str] = field(default_factory=list)
    error: str = ""
    disclosure: str | None = None  # the disclosure phrase the page makes, "" none; None when not read
    title: str = ""  # the page's own title, for coverage a person added by its address alone


def site_hosts(sites: list[str]) -> list[str]:
    """The brand's sites as hosts, as people type them ("northbrew.example", "https://www.northbrew.example/shop")."""
    hosts = []
    for site in sites:
        site = site.strip().lower()
        host = host_of(site if "://" in site else f"https://{site}")
        host = host.removeprefix("www.")
        if host and host not in hosts:
            hosts.append(host)
    return hosts


def links_to(url: str, hosts: list[str]) -> bool:
    """Whether the URL is on one of the hosts or a subdomain of one (shop.northbrew.example)."""
    host = host_of(url).removeprefix("www.")
    return any(host == site or host.endswith("." + site) for site in hosts)


def due_for_check(session: Session, now: datetime) -> list[int]:
    """Confirmed coverage with a page, in a live campaign naming its sites, not checked lately; and
    coverage a person added by its address, not of a stored post, never read (for its title and
    disclosure, whether or not the campaign names its sites)."""
    rows = session.exec(
        select(Coverage.id, Coverage.link_status, Coverage.link_checked_at, Campaign.brand_sites, Coverage.post_id)
        .join(PipelineEntry, PipelineEntry.id == Coverage.entry_id)
        .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
        .where(Coverage.status == "confirmed", Coverage.url != "", Campaign.is_archived.is_(False),
               or_(col(Coverage.link_checked_at).is_(None),
                   col(Coverage.link_checked_at) < now - min(CHECK_EVERY, RETRY_AFTER_ERROR)))
        .order_by(Coverage.id))
    due = []
    for coverage_id, status, checked_at, sites, post_id in rows:
        wait = RETRY_AFTER_ERROR if status == "error" else CHECK_EVERY
        if (sites and (checked_at is None or checked_at < now - wait)) or (post_id is None and checked_at is None):
            due.append(coverage_id)
    return due


def record_check(session: Session, coverage: Coverage, check: LinkCheck, now: datetime,
                 settings: Mapping[str, Any], *, sites_named: bool = True) -> bool:
    """Keep what the check found; when a link seen before is lost, tell the entry's owner (in the
    app, and by email when they want alerts). Returns whether it was lost. Without the brand's
    sites named, a page read is neither linked nor not: only gone or unreadable. The caller commits."""
    lost = coverage.link_status == "linked" and check.status in LOST
    status = check.status if sites_named or check.status in ("gone", "error") else ""
    coverage.link_status, coverage.links_found = status, check.links[:20]
    if not coverage.title and check.title:
        coverage.title = check.title[:MAX_TITLE]
    coverage.link_error, coverage.link_checked_at = check.error[:MAX_ERROR], now
    if check.disclosure or (check.disclosure == "" and coverage.disclosure is None):
        coverage.disclosure = check.disclosure  # a disclosure added to the page since the feed was read counts
    session.add(coverage)
    if lost:
        entry = session.get(PipelineEntry, coverage.entry_id)
        campaign = session.get(Campaign, entry.campaign_id)
        owner = session.get(User, entry.owner_id or campaign.created_by_id or 0)
        if owner is not None and owner.is_active:
            what = "is gone" if check.status == "gone" else "no longer links to " + ", ".join(campaign.brand_sites)
            title = f"Coverage {what}: {coverage.title or coverage.url}"[:500]
            send_alert_emails(settings, [alert(session, settings, owner, "link_lost", title, coverage.url,
                                           f"/campaigns/entries/{entry.id}/",
                                           email_body=f"{coverage.url}\n\n{check.error}".strip())])
    return lost


def check_again(session: Session, coverage: Coverage) -> None:
    """Ask for the link to be checked at the next crawl tick. The caller commits."""
    coverage.link_checked_at = None
    session.add(coverage)
