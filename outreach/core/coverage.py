"""Coverage detection: new posts of pitched or sampled bloggers that name the campaign's
brand or products are proposed as coverage; a person confirms or rejects them.

Proposals are a step after the crawl (outreach.jobs.crawl_and_index): the crawler stores
posts and knows nothing of campaigns.
"""

from __future__ import annotations

import re
from decimal import Decimal

from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.cards import cards_changed
from outreach.core.disclosure import find_disclosure
from outreach.core.event_hooks import emit_for_entry, person
from outreach.core.models import (
    Blog,
    Campaign,
    Coverage,
    PipelineEntry,
    Pitch,
    Post,
    Sample,
    Stage,
    User,
    limits_of,
    utcnow,
)
from outreach.core.relationships import raise_relationship
from outreach.core.stages import PipelineError, move_entry, stage_of_kind
from outreach.core.urls import BadUrl, normalise_url, same_address_key

EXCERPT_RADIUS = 160


def term_pattern(term: str) -> re.Pattern:
    """A whole-word, case-insensitive match for a brand or product term."""
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, term.split())) + r"(?!\w)", re.IGNORECASE)


def term_patterns(terms: list[str]) -> list[tuple[str, re.Pattern]]:
    """A campaign's brand and product terms, each with its match."""
    return [(term, term_pattern(term)) for term in terms if term.strip()]


def post_coverage(entry_id: int, post: Post, patterns: list[tuple[str, re.Pattern]]) -> Coverage:
    """A post of the entry's blogger read as coverage (not added): the terms it names and the excerpt
    around the first, its comments and its disclosure; no terms when it names none."""
    text = f"{post.title}\n{post.text}"
    found = [(term, match) for term, pattern in patterns for match in [pattern.search(text)] if match]
    return Coverage(entry_id=entry_id, post_id=post.id, url=post.url, title=post.title,
                    excerpt=excerpt_around(text, found[0][1]) if found else "",
                    matched_terms=[term for term, _ in found], comments=post.comment_count,
                    disclosure=find_disclosure([post.title, post.text, " ".join(post.tags)]))


def excerpt_around(text: str, match: re.Match) -> str:
    start, end = max(0, match.start() - EXCERPT_RADIUS), min(len(text), match.end() + EXCERPT_RADIUS)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def watching_entries(session: Session, blogger_id: int) -> list[tuple[PipelineEntry, Campaign]]:
    """Entries of this blogger, in live campaigns with brand terms, pitched or sampled."""
    rows = session.exec(
        select(PipelineEntry, Campaign)
        .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
        .where(PipelineEntry.blogger_id == blogger_id, Campaign.is_archived.is_(False))
    ).all()
    watching = []
    for entry, campaign in rows:
        if not campaign.brand_terms:
            continue
        contacted = session.exec(select(Pitch.id).where(Pitch.entry_id == entry.id).limit(1)).first()
        sampled = session.exec(select(Sample.id).where(Sample.entry_id == entry.id).limit(1)).first()
        if contacted is not None or sampled is not None:
            watching.append((entry, campaign))
    return watching


def blogs_in_campaigns(session: Session, blog_ids: list[int]) -> dict[int, int]:
    """Of these blogs, those whose blogger is in some live campaign: blog id -> blogger id.

    One query for a whole crawl's blogs: most bloggers are in no campaign, and their new
    posts need nothing more.
    """
    if not blog_ids:
        return {}
    return dict(session.exec(
        select(Blog.id, Blog.blogger_id).distinct()
        .join(PipelineEntry, PipelineEntry.blogger_id == Blog.blogger_id)
        .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
        .where(Blog.id.in_(blog_ids), Campaign.is_archived.is_(False))
    ).all())


def propose_coverage(session: Session, blogger_id: int, post_ids: list[int]) -> list[Coverage]:
    """Propose these new posts of a blogger as coverage wherever they name a campaign's terms.

    Posts published before the first pitch or sample are not coverage of that pitch. The
    caller commits.
    """
    if not post_ids:
        return []
    proposals = []
    for entry, campaign in watching_entries(session, blogger_id):
        patterns = term_patterns(campaign.brand_terms)
        first_contact = first_contact_at(session, entry.id)
        for post in session.exec(select(Post).where(Post.id.in_(post_ids)).order_by(Post.published_at, Post.id)):
            if first_contact is not None and post.published_at < first_contact:
                continue
            coverage = post_coverage(entry.id, post, patterns)
            if not coverage.matched_terms:
                continue
            exists = session.exec(select(Coverage.id).where(Coverage.entry_id == entry.id,
                                                             Coverage.post_id == post.id)).first()
            if exists is not None:
                continue
            session.add(coverage)
            cards_changed(session, [entry.id])  # "Coverage to review" on the card
            proposals.append(coverage)
    return proposals


def first_contact_at(session: Session, entry_id: int):
    """When the blogger first heard from us in this campaign: the first pitch or sample."""
    moments = [
        session.exec(select(Pitch.sent_at).where(Pitch.entry_id == entry_id).order_by(Pitch.sent_at)).first(),
        session.exec(select(Sample.created_at).where(Sample.entry_id == entry_id)
                     .order_by(Sample.created_at)).first(),
    ]
    known = [moment for moment in moments if moment is not None]
    return min(known) if known else None


class UnreadableAddress(PipelineError):
    """An address typed for coverage that no crawler could read: not http(s), no host, malformed."""


def decide_coverage(session: Session, user: User, coverage: Coverage, confirm: bool) -> None:
    """Confirm (moving the card to the campaign's coverage stage) or reject a proposal."""
    coverage.status = "confirmed" if confirm else "rejected"
    coverage.decided_by_id, coverage.decided_at = user.id, utcnow()
    session.add(coverage)
    audit.record(session, user, f"coverage_{coverage.status}", "coverage", coverage.id,
                 entry_id=coverage.entry_id, url=coverage.url)
    cards_changed(session, [coverage.entry_id])
    if confirm:
        count_as_won(session, user, coverage)


def record_coverage(session: Session, user: User, entry: PipelineEntry, url: str, title: str = "") -> Coverage:
    """Coverage a person found themselves (a video, a guest post on another site, a post the feed
    never carried), confirmed as it is added. A post of the blogger's already stored lends its title,
    excerpt and disclosure; any other page is read at the next crawl tick. The caller commits."""
    try:
        url = normalise_url(url)
    except BadUrl as error:
        raise UnreadableAddress(f"That address cannot be read: {error}.") from None
    if len(url) > limits_of(Coverage, "url").max_length:
        raise UnreadableAddress("That address is too long to keep.")
    if len(title.strip()) > limits_of(Coverage, "title").max_length:
        raise PipelineError(f"A title has at most {limits_of(Coverage, 'title').max_length} characters.")
    key = same_address_key(url)
    for known in session.exec(select(Coverage).where(Coverage.entry_id == entry.id)):
        if same_address_key(known.url) == key:
            if known.status == "confirmed":
                raise PipelineError("That post is already counted as coverage here.")
            decide_coverage(session, user, known, confirm=True)  # the proposal, or a rejection undone
            return known
    post = session.exec(select(Post).join(Blog, Blog.id == Post.blog_id)
                        .where(Blog.blogger_id == entry.blogger_id, Post.url == url)).first()
    if post is not None:
        coverage = post_coverage(entry.id, post, term_patterns(session.get(Campaign, entry.campaign_id).brand_terms))
        coverage.title = title.strip() or post.title
    else:
        coverage = Coverage(entry_id=entry.id, url=url, title=title.strip())
    coverage.status, coverage.decided_by_id, coverage.decided_at = "confirmed", user.id, utcnow()
    session.add(coverage)
    session.flush()
    audit.record(session, user, "coverage_added", "coverage", coverage.id, entry_id=entry.id, url=url)
    cards_changed(session, [entry.id])
    count_as_won(session, user, coverage)
    return coverage


def count_as_won(session: Session, user: User, coverage: Coverage) -> None:
    """Confirmed coverage moves its card to the campaign's coverage stage and raises the relationship."""
    entry = session.get(PipelineEntry, coverage.entry_id)
    campaign = session.get(Campaign, entry.campaign_id)
    target = stage_of_kind(session, campaign.id, campaign.coverage_stage_kind) if campaign.coverage_stage_kind else None
    current = session.get(Stage, entry.stage_id)
    if target is not None and current is not None and current.kind not in ("covered", "ongoing"):
        move_entry(session, user, entry, target, expected_version=None, by_hand=False)
    raise_relationship(session, entry.blogger_id, "covered")
    emit_for_entry(session, "coverage.confirmed", entry, by=person(user), coverage={
        "id": coverage.id, "url": coverage.url, "title": coverage.title})


def update_measures(session: Session, user: User, coverage: Coverage, *, comments: int | None,
                    shares: int | None, likes: int | None, economic_value: Decimal | None) -> None:
    """Kaushik's measures of a coverage post, entered by hand when known."""
    coverage.comments, coverage.shares, coverage.likes = comments, shares, likes
    coverage.economic_value = economic_value
    session.add(coverage)
    audit.record(session, user, "coverage_measured", "coverage", coverage.id)
