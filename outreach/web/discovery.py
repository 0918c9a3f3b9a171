"""Discovery for a niche, as the pages and the API run it: the sites linked from the stored
posts of the blogs that rank best for the niche, proposed as candidates."""

from __future__ import annotations

from dataclasses import dataclass, field

from outreach.core.candidates import NEW_AT_MOST, NICHE_SOURCES, discover_from_posts
from outreach.core.models import BlogCandidate, Niche, utcnow
from outreach.core.niches import niche_spec
from outreach.web.search import INDEX_NOT_BUILT, current_index
from scoring import IndexMissing, best_blogs


@dataclass
class Discovered:
    """What one search found; `message` says why nothing could be read, when that is so."""

    found: list[BlogCandidate] = field(default_factory=list)
    sources: int = 0
    message: str = ""


def discover_for_niche(session, niche: Niche) -> Discovered:
    """Propose the blogs linked from the niche's best-ranked blogs' recent posts, and ask the
    scheduler to read their blogrolls (outreach.jobs.discovery). The caller commits."""
    try:
        index = current_index()
    except IndexMissing:
        return Discovered(message=INDEX_NOT_BUILT)
    sources, message = best_blogs(index, niche_spec(session, niche), NICHE_SOURCES)
    if not sources:
        return Discovered(message=message or f"No blog ranks for {niche.name} yet.")
    found = discover_from_posts(session, sources, NEW_AT_MOST, niche.id)
    niche.discovery_requested_at = utcnow()
    session.add(niche)
    return Discovered(found, len(sources))
