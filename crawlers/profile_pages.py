"""A blog's profile pages (homepage, about, contact) read after a feed refresh, and what they
say about the blogger stored with where it was found."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel import Session, select

from crawlers.discover import about_and_contact_links, soup_of
from crawlers.fetch import Fetcher, FetchError
from crawlers.options import CrawlOptions
from crawlers.profile import extract_profile
from outreach.core.channels import join_channels_linked_both_ways
from outreach.core.forgetting import forgotten_since
from outreach.core.models import Blogger, ContactDetail

log = logging.getLogger(__name__)


def needs_profile(homepage_url: str, profile_checked_at: datetime | None, now: datetime,
                  options: CrawlOptions) -> bool:
    if not options.read_profiles or not homepage_url:
        return False
    return profile_checked_at is None or now - profile_checked_at > timedelta(days=options.profile_max_age_days)


def fetch_profile_pages(blog_id: int, homepage_url: str, fetcher: Fetcher,
                        options: CrawlOptions) -> list[tuple[str, str]]:
    """The homepage and a few about/contact pages, as (url, html)."""
    pages = []
    try:
        home = fetcher.get(homepage_url, page=True)
        if home.status == 200:
            pages.append((home.url, home.body.decode("utf-8", "replace")))
            soup = soup_of(home.body)
            for link in about_and_contact_links(soup, home.url, options.profile_max_pages):
                extra = fetcher.get(link, page=True)
                if extra.status == 200:
                    pages.append((extra.url, extra.body.decode("utf-8", "replace")))
    except FetchError as error:
        log.info("blog %s: profile pages not read (%s)", blog_id, error)
    return pages


def store_profile(session: Session, blogger_id: int | None, feed_url: str, feed_author: str,
                  pages: list[tuple[str, str]], now: datetime) -> dict:
    """Record what the pages say about the blogger, and where; returns the blog's changes."""
    changes: dict = {"profile_checked_at": now}
    profile = extract_profile(pages, feed_author=feed_author, feed_url=feed_url)
    if blogger_id is None:
        blogger = Blogger()
        session.add(blogger)
        session.flush()
        blogger_id = changes["blogger_id"] = blogger.id
    blogger = session.get(Blogger, blogger_id)
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
        if kind == "email" and forgotten_since(session, emails=[found.value]):
            continue  # a person who asked to be forgotten is not found again on another's pages
        if (kind, found.value) not in known:
            known.add((kind, found.value))
            session.add(ContactDetail(blogger_id=blogger.id, kind=kind, value=found.value[:500],
                                      source_url=found.source_url[:2048], found_by=found.found_by))
    blogger.updated_at = now
    session.add(blogger)
    session.flush()
    join_channels_linked_both_ways(session, blogger.id, tuple(url for url, _ in pages[:1]))
    return changes
