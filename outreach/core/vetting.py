"""Vetting a blogger for a brand before the pitch: which of their newest posts use words the brand
will not be seen beside (a competitor, a subject), each with the passage, found as brand monitors
find their terms (whole phrases, any case, accents folded)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from outreach.core.matching import Matcher, MonitorTerms
from outreach.core.models import Blog, Post

RECENT_POSTS = 50  # what a person reading their blog before a pitch would read


@dataclass(frozen=True)
class FlaggedPost:
    """One of the blogger's posts that uses words the brand avoids."""

    title: str
    url: str
    published_at: datetime
    terms: list[str]
    excerpt: str


@dataclass
class Vetting:
    """What the blogger's newest posts say against the brand's words to avoid."""

    terms: list[str]
    read: int = 0  # posts read
    flagged: list[FlaggedPost] = field(default_factory=list)

    @property
    def used_terms(self) -> list[str]:
        """The words to avoid that their posts use, most used first."""
        counts: dict[str, int] = {}
        for post in self.flagged:
            for term in post.terms:
                counts[term] = counts.get(term, 0) + 1
        return sorted(counts, key=lambda term: -counts[term])


def vet_blogger(session: Session, blogger_id: int, avoid_terms: list[str], recent: int = RECENT_POSTS) -> Vetting:
    """The blogger's newest posts (of every channel) read for the brand's words to avoid."""
    terms = [term.strip() for term in avoid_terms if term.strip()]
    vetting = Vetting(terms)
    if not terms:
        return vetting
    matcher = Matcher([MonitorTerms(0, tuple(terms))])
    posts = session.exec(select(Post.title, Post.text, Post.url, Post.published_at)
                         .join(Blog, Blog.id == Post.blog_id).where(Blog.blogger_id == blogger_id)
                         .order_by(Post.published_at.desc(), Post.id.desc()).limit(recent)).all()
    vetting.read = len(posts)
    for title, text, url, published_at in posts:
        found = matcher.find(f"{title}\n{text}")
        if found:
            vetting.flagged.append(FlaggedPost(title, url, published_at, found[0].terms, found[0].excerpt))
    return vetting
