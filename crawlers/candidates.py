"""Blog discovery by the crawler: the candidates linked from known blogs' stored posts
(outreach.core.candidates) and from their homepages' blogrolls, which it fetches."""

from __future__ import annotations

from sqlmodel import Session

from crawlers.discover import blogroll_candidates, soup_of
from crawlers.fetch import Fetcher, FetchError
from outreach.core.candidates import post_link_candidates, propose, source_blogs
from outreach.core.links import Candidate
from outreach.core.models import Blog, BlogCandidate


def discover_candidates(session: Session, fetcher: Fetcher, limit: int = 50,
                        blog_ids: list[int] | None = None, niche_id: int | None = None) -> list[BlogCandidate]:
    """Propose up to `limit` new candidate blogs, one per site, from the blogrolls and post
    links of every active blog, or of the given ones in their order (found for the niche when
    one is given). The caller commits."""
    found = ((blog, blogroll(blog, fetcher) + post_link_candidates(session, blog))
             for blog in source_blogs(session, blog_ids))
    return propose(session, found, limit, niche_id)


def blogroll(blog: Blog, fetcher: Fetcher) -> list[Candidate]:
    """The outside sites in the blogroll of the blog's homepage (none when it cannot be fetched)."""
    if not blog.homepage_url:
        return []
    try:
        page = fetcher.get(blog.homepage_url, page=True)
    except FetchError:
        return []
    return blogroll_candidates(soup_of(page.body), page.url) if page.status == 200 else []
