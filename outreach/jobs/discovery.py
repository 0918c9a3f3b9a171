"""Discovery finished by the scheduler, since the pages fetch nothing themselves: the blogrolls
of a niche's best-ranked blogs, and each candidate's feed, read to show what it writes about
and where it would rank for the niches."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy import and_
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from crawlers.candidate_feeds import CandidateFeed, read_candidate
from crawlers.candidates import discover_candidates
from crawlers.fetch import Fetcher
from crawlers.options import CrawlOptions
from outreach.core.alerts import alert, send_alert_emails
from outreach.core.candidates import FOUND_FOR, NEW_AT_MOST, NICHE_SOURCES, PREVIEW, fit_for, found_for, unread
from outreach.core.claims import claim_rows, release
from outreach.core.models import BlogCandidate, Niche, User, utcnow
from outreach.core.niches import due_for_discovery, niche_spec
from scoring import Index, IndexMissing, best_blogs, current_index, place_outside
from scoring.records import BlogRecord, PostRecord

log = logging.getLogger(__name__)

READ_PER_TICK = 10  # candidates' feeds read by one crawl tick, those linked from most blogs first
# ... and no new one begun after this many seconds: a slow site must not hold up the crawl.
READ_SECONDS = 60.0
PLACED_NICHES = 30  # a candidate is placed in the rankings of at most this many niches
SHOWN_POSTS = 5  # of a candidate's newest posts, those whose titles are kept to show
NOTIFY_PLACE = 10  # a niche that looks for blogs on its own tells of candidates that would rank this high
NOTIFY_SCORE = 20  # ... with at least this score (below it, the topic is incidental: scoring.calibrate)
TITLE_CHARS, URL_CHARS = 300, 2048  # a hostile feed's titles and links kept at most this long
NICHES_PER_TICK = 20  # discovery requests run by one crawl tick
LEASE_SECONDS = 900  # a scheduler that dies while it reads gives its candidates (and requests) back after this


def run_discovery_requests(engine: Engine, index_dir: Path, options: CrawlOptions) -> int:
    """Read the blogrolls (and post links) of the best-ranked blogs of every niche whose
    candidates were asked for; how many new candidates they gave. Each request is done once."""
    asked = Niche.discovery_requested_at.is_not(None)
    with Session(engine) as session:
        now = utcnow()
        ask_for_due_discoveries(session, now)
        if session.exec(select(Niche.id).where(asked).limit(1)).first() is None:
            return 0
        index = index_or_none(session, index_dir)
        if index is None:
            return 0  # the request waits for the first index
        proposed = 0
        with Fetcher(options) as fetcher:
            # Leased, so that another scheduler on the database does not run the same request.
            for niche_id in claim_rows(session, Niche, asked, now, limit=NICHES_PER_TICK, lease_seconds=LEASE_SECONDS):
                niche = session.get(Niche, niche_id)
                blog_ids, _ = best_blogs(index, niche_spec(session, niche), NICHE_SOURCES)
                found = discover_candidates(session, fetcher, NEW_AT_MOST, blog_ids, niche.id) if blog_ids else []
                niche.discovery_requested_at = None
                release(niche)
                session.add(niche)
                session.commit()
                proposed += len(found)
                log.info("discovery for %s: %d new candidates from %d blogs", niche.name, len(found), len(blog_ids))
    return proposed


def ask_for_due_discoveries(session: Session, now) -> None:
    """Ask for the discovery of every niche due for it again (Niche.discover_every_days), as a
    person would on the Discover page."""
    for niche in due_for_discovery(session, now):
        niche.discovery_requested_at = niche.discovered_at = now
        session.add(niche)
    session.commit()


def read_waiting_candidates(engine: Engine, index_dir: Path, options: CrawlOptions, limit: int = READ_PER_TICK,
                            seconds: float = READ_SECONDS, settings: Mapping[str, Any] | None = None) -> int:
    """Read the feeds of the waiting candidates not read yet (at most `limit`, none but the first begun after
    `seconds`; the settings' SMTP server mails the notes of good ones); how many were read."""
    with Session(engine) as session:
        waiting = unread(session, limit)
        if not waiting:
            return 0
        with Fetcher(options) as fetcher:
            read = read_candidates(session, fetcher, index_or_none(session, index_dir), waiting, seconds, settings)
        session.commit()
    return read


def index_or_none(session: Session, index_dir: Path) -> Index | None:
    try:
        return current_index(session, index_dir)
    except IndexMissing:
        return None


def read_candidates(session: Session, fetcher: Fetcher, index: Index | None, candidates: list[BlogCandidate],
                    seconds: float | None = None, settings: Mapping[str, Any] | None = None) -> int:
    """Read each candidate's feed and keep its newest posts' titles, or why it could not be read,
    with where it would rank for the niches that found it (and the newest others, up to
    PLACED_NICHES). Each is read once; none but the first is begun after `seconds` (those are left for later).
    How many were read; the caller commits."""
    started = time.monotonic()
    # Leased, so that another scheduler on the database does not read the same ones.
    waiting = and_(BlogCandidate.id.in_([candidate.id for candidate in candidates]), BlogCandidate.read_at.is_(None),
                   BlogCandidate.status == "proposed")
    mine = set(claim_rows(session, BlogCandidate, waiting, utcnow(), limit=max(len(candidates), 1),
                          lease_seconds=LEASE_SECONDS))
    candidates = [candidate for candidate in candidates if candidate.id in mine]
    feeds = {}
    for candidate in candidates:
        # The first is always begun: a slow claim on a busy database must not leave every tick empty.
        if feeds and seconds is not None and time.monotonic() - started > seconds:
            release(candidate)  # left for the next tick
            session.add(candidate)
            continue
        feeds[candidate.id] = read_candidate(fetcher, candidate.url)
    candidates = [candidate for candidate in candidates if candidate.id in feeds]
    placed = {}
    if index is not None:
        outside = {candidate.id: (BlogRecord(0, feeds[candidate.id].title, candidate.url, feeds[candidate.id].feed_url),
                                  post_records(feeds[candidate.id])) for candidate in candidates}
        specs = {niche.id: niche_spec(session, niche) for niche in niches_to_place(session, candidates)}
        placed = place_outside(index, outside, specs) if specs else {}
    now = utcnow()
    for candidate in candidates:
        feed = feeds[candidate.id]
        candidate.read_at = now
        release(candidate)
        candidate.details = {**candidate.details, PREVIEW: {
            "feed_url": feed.feed_url[:URL_CHARS], "title": feed.title[:TITLE_CHARS], "error": feed.error,
            "posts": [{"title": entry.title[:TITLE_CHARS], "url": entry.url[:URL_CHARS],
                       "published": entry.published_at.isoformat() if entry.published_at else None}
                      for entry in feed.entries[:SHOWN_POSTS]],
            "fits": {str(niche_id): fit.to_dict() for niche_id, fit in placed.get(candidate.id, {}).items()},
        }}
        session.add(candidate)
    tell_of_good_candidates(session, candidates, settings or {})
    return len(candidates)


def tell_of_good_candidates(session: Session, candidates: list[BlogCandidate], settings: Mapping[str, Any]) -> int:
    """The creators of the niches that look for new blogs on their own: a note (and an email,
    when the settings name an SMTP server) of the candidates just read, found for the niche,
    that would rank in its top NOTIFY_PLACE with a score of NOTIFY_SCORE or more. Notes written."""
    notes, emails = 0, []
    for niche in session.exec(select(Niche).where(Niche.discover_every_days.is_not(None),
                                                  Niche.created_by_id.is_not(None))):
        good = sorted(((fit, candidate) for candidate in candidates if found_for(candidate, niche.id)
                       and (fit := fit_for(candidate, niche.id)) and fit["place"] <= NOTIFY_PLACE
                       and fit["score"] >= NOTIFY_SCORE),
                      key=lambda pair: pair[0]["place"])
        creator = session.get(User, niche.created_by_id)
        if not good or creator is None or not creator.is_active:
            continue
        count = f"{len(good)} new blog{'s' if len(good) != 1 else ''}"
        title = f"{count} would rank in the top {NOTIFY_PLACE} for {niche.name}"[:500]
        body = "\n".join(f"{candidate.site}: #{fit['place']} of {fit['of']}" for fit, candidate in good[:10])
        url = f"/blogs/candidates?niche={niche.id}"
        emails.append(alert(session, settings, creator, "discovery", title, body, url))
        notes += 1
    send_alert_emails(settings, emails)
    return notes


def niches_to_place(session: Session, candidates: list[BlogCandidate]) -> list[Niche]:
    """The niches whose discovery found these candidates, then the newest others, up to PLACED_NICHES."""
    finders = {niche_id for candidate in candidates for niche_id in candidate.details.get(FOUND_FOR, [])}
    niches = session.exec(select(Niche).order_by(Niche.id.desc())).all()
    return sorted(niches, key=lambda niche: niche.id not in finders)[:PLACED_NICHES]


def post_records(feed: CandidateFeed) -> list[PostRecord]:
    """The candidate's posts as the index reads posts (their ids are the ranking's to give)."""
    now = utcnow()
    return [PostRecord(0, 0, entry.title, entry.url, entry.published_at or entry.updated_at or now, entry.text,
                       entry.comment_count, 0, tuple(entry.tags)) for entry in feed.entries]
