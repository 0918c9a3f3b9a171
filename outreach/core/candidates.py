"""Candidate blogs: proposed from the links of known blogs, kept until a person accepts (the
blog is added) or rejects them. Reading stored posts' links happens here; fetching homepages'
blogrolls is the crawler's (crawlers.candidates)."""

from __future__ import annotations

from typing import Iterable

from sqlmodel import Session, or_, select

from outreach.core.blog_intake import create_blog
from outreach.core.forgetting import forgotten_digests, is_forgotten
from outreach.core.links import Candidate, candidates_from, hrefs
from outreach.core.models import Blog, BlogCandidate, Post, utcnow
from outreach.core.urls import site_of

POSTS_PER_BLOG = 20
NICHE_SOURCES = 20  # discovery for a niche reads the links of this many of its best-ranked blogs
NEW_AT_MOST = 50  # candidates proposed by one discovery for a niche
LINKED_FROM = "linked_from"  # in a candidate's details: the ids of the known blogs that link it
FOUND_FOR = "found_for"  # ... and the ids of the niches whose discovery found it
PREVIEW = "preview"  # ... and what its feed showed when read (BlogCandidate.preview)


def source_blogs(session: Session, blog_ids: list[int] | None = None) -> list[Blog]:
    """Every active blog, or the given ones in their order (say, a niche's best-ranked)."""
    active = select(Blog).where(Blog.status == "active")
    if blog_ids is None:
        return list(session.exec(active.order_by(Blog.id)).all())
    chosen = {blog.id: blog for blog in session.exec(active.where(Blog.id.in_(blog_ids)))}
    return [chosen[blog_id] for blog_id in blog_ids if blog_id in chosen]


def post_link_candidates(session: Session, blog: Blog) -> list[Candidate]:
    """The outside sites linked from the blog's recent stored posts."""
    posts = session.exec(select(Post.content_html, Post.url).where(Post.blog_id == blog.id)
                         .order_by(Post.published_at.desc()).limit(POSTS_PER_BLOG)).all()
    found = []
    for html, url in posts:
        found += candidates_from(hrefs(html), url or blog.homepage_url, blog.homepage_url or blog.feed_url,
                                 "post link")
    return found


def propose(session: Session, found: Iterable[tuple[Blog, list[Candidate]]], limit: int,
            niche_id: int | None = None) -> list[BlogCandidate]:
    """Up to `limit` new candidates, one per site not in the directory. A candidate's
    `times_seen` is how many known blogs link it: each counts once, however many of its links
    point there and however often discovery runs. The caller commits."""
    known = known_sites(session)
    forgotten = forgotten_digests(session)
    existing = {candidate.site: candidate for candidate in session.exec(select(BlogCandidate))}
    new: list[BlogCandidate] = []
    for blog, candidates in found:
        first_by_site = {}
        for candidate in candidates:
            first_by_site.setdefault(candidate.site, candidate)
        for candidate in first_by_site.values():
            if candidate.site in known or is_forgotten(forgotten, addresses=[candidate.url]):
                continue
            if candidate.site in existing:
                row = existing[candidate.site]
                linked_from = row.details.get(LINKED_FROM, [row.found_on_blog_id])
                found_for = row.details.get(FOUND_FOR, [])
                if blog.id not in linked_from or (niche_id is not None and niche_id not in found_for):
                    row.details = {**row.details, LINKED_FROM: sorted({*linked_from, blog.id}),
                                   FOUND_FOR: sorted({*found_for, *([niche_id] if niche_id else [])})}
                    row.times_seen = len(row.details[LINKED_FROM])
                    session.add(row)
                continue
            if len(new) >= limit:
                continue
            row = BlogCandidate(url=candidate.url, site=candidate.site, found_on_blog_id=blog.id,
                                found_on_url=candidate.found_on, found_how=candidate.how,
                                details={LINKED_FROM: [blog.id], FOUND_FOR: [niche_id] if niche_id else []})
            session.add(row)
            existing[candidate.site] = row
            new.append(row)
    return new


def discover_from_posts(session: Session, blog_ids: list[int] | None, limit: int = 50,
                        niche_id: int | None = None) -> list[BlogCandidate]:
    """Propose the sites linked from the stored posts of the given blogs (no fetching), found
    for the niche when one is given. The caller commits."""
    return propose(session, ((blog, post_link_candidates(session, blog)) for blog in source_blogs(session, blog_ids)),
                   limit, niche_id)


def waiting_candidates():
    """The candidates waiting for a decision, those linked from most blogs first (a query)."""
    return select(BlogCandidate).where(BlogCandidate.status == "proposed").order_by(
        BlogCandidate.times_seen.desc(), BlogCandidate.id)


def waiting_for_niche(session: Session, niche_id: int) -> list[BlogCandidate]:
    """The waiting candidates a discovery for the niche found, those that would rank best for
    it first (then those not read yet, linked from most blogs first)."""
    return by_fit([candidate for candidate in session.exec(waiting_candidates()) if found_for(candidate, niche_id)], niche_id)


def found_for(candidate: BlogCandidate, niche_id: int) -> bool:
    """Whether a discovery for the niche found (or found again) the candidate."""
    return niche_id in candidate.details.get(FOUND_FOR, [])


def unread(session: Session, limit: int) -> list[BlogCandidate]:
    """Waiting candidates whose feeds were not read yet nor are being read, those linked from
    most blogs first."""
    return list(session.exec(waiting_candidates().where(
        BlogCandidate.read_at.is_(None),
        or_(BlogCandidate.claimed_until.is_(None), BlogCandidate.claimed_until < utcnow())).limit(limit)))


def fit_for(candidate: BlogCandidate, niche_id: int) -> dict | None:
    """Where the candidate would rank for the niche when its feed was read; None if unknown."""
    return (candidate.preview or {}).get("fits", {}).get(str(niche_id))


def by_fit(candidates: list[BlogCandidate], niche_id: int) -> list[BlogCandidate]:
    """The candidates that would rank best for the niche first; those not read yet after them
    (each group in its order before)."""
    return sorted(candidates, key=lambda candidate: -(fit_for(candidate, niche_id) or {}).get("score", -1.0))


def best_fit(candidate: BlogCandidate) -> tuple[int, dict] | None:
    """The niche the candidate fits best (its id, and its fit), or None."""
    fits = (candidate.preview or {}).get("fits", {})
    if not fits:
        return None
    niche_id = max(fits, key=lambda key: (fits[key]["score"], -int(key)))
    return int(niche_id), fits[niche_id]


def known_sites(session: Session) -> set[str]:
    sites = set()
    for homepage, feed in session.exec(select(Blog.homepage_url, Blog.feed_url)):
        sites.update(site_of(url) for url in (homepage, feed) if url)
    return sites


def accept_candidate(session: Session, candidate: BlogCandidate, added_by_id: int | None = None) -> Blog:
    """Add the candidate as a blog; its feed is found on the next crawl. The caller commits."""
    candidate.status = "accepted"
    session.add(candidate)
    # The feed found when the candidate was read saves the crawl looking for it again.
    preview = candidate.preview or {}
    feed_url = preview.get("feed_url") or candidate.url
    existing = session.exec(select(Blog).where(Blog.feed_url.in_({feed_url, candidate.url}))).first()
    if existing is not None:
        return existing
    return create_blog(session, feed_url, candidate.url, preview.get("title", ""),
                       source="discovered", added_by_id=added_by_id, status="pending")


def reject_candidate(session: Session, candidate: BlogCandidate) -> None:
    candidate.status = "rejected"
    session.add(candidate)


def read_again(session: Session, candidate: BlogCandidate) -> None:
    """Forget what the candidate's feed showed, so that the next crawl tick reads it again and
    places it in the niches as they are now (a niche edited since, a directory grown). The
    caller commits."""
    candidate.read_at = None
    candidate.details = {key: value for key, value in candidate.details.items() if key != PREVIEW}
    session.add(candidate)
