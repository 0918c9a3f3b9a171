"""Blog discovery: candidates from the blogrolls and post links of known blogs, kept until a
person accepts (the blog is added) or rejects them."""

from __future__ import annotations

from sqlmodel import Session, select

from crawlers.discover import blogroll_candidates, candidates_from, hrefs, soup_of
from crawlers.fetch import Fetcher, FetchError
from outreach.core.blog_intake import create_blog
from outreach.core.models import Blog, BlogCandidate, Post
from outreach.core.urls import site_of

POSTS_PER_BLOG = 20


def known_sites(session: Session) -> set[str]:
    sites = set()
    for homepage, feed in session.exec(select(Blog.homepage_url, Blog.feed_url)):
        sites.update(site_of(url) for url in (homepage, feed) if url)
    return sites


def discover_candidates(session: Session, fetcher: Fetcher | None, limit: int = 50,
                        blog_ids: list[int] | None = None) -> list[BlogCandidate]:
    """Propose up to `limit` new candidate blogs, one per site, from the links of every active
    blog, or of the given ones (say, a niche's best) in their order: the links in their stored
    posts and, given a fetcher, their homepages' blogrolls. The caller commits."""
    known = known_sites(session)
    existing = {candidate.site: candidate for candidate in session.exec(select(BlogCandidate))}
    new: list[BlogCandidate] = []
    active = select(Blog).where(Blog.status == "active")
    if blog_ids is None:
        blogs = session.exec(active.order_by(Blog.id)).all()
    else:
        chosen = {blog.id: blog for blog in session.exec(active.where(Blog.id.in_(blog_ids)))}
        blogs = [chosen[blog_id] for blog_id in blog_ids if blog_id in chosen]
    for blog in blogs:
        found = []
        if blog.homepage_url and fetcher is not None:
            try:
                page = fetcher.get(blog.homepage_url, page=True)
                if page.status == 200:
                    found += blogroll_candidates(soup_of(page.body), page.url)
            except FetchError:
                pass
        posts = session.exec(select(Post.content_html, Post.url).where(Post.blog_id == blog.id)
                             .order_by(Post.published_at.desc()).limit(POSTS_PER_BLOG)).all()
        for html, url in posts:
            found += candidates_from(hrefs(html), url or blog.homepage_url, blog.homepage_url or blog.feed_url,
                                     "post link")
        first_by_site = {}  # a blog counts once per site, however many of its posts link it
        for candidate in found:
            first_by_site.setdefault(candidate.site, candidate)
        for candidate in first_by_site.values():
            if candidate.site in known:
                continue
            if candidate.site in existing:
                existing[candidate.site].times_seen += 1
                session.add(existing[candidate.site])
                continue
            if len(new) >= limit:
                continue
            row = BlogCandidate(url=candidate.url, site=candidate.site, found_on_blog_id=blog.id,
                                found_on_url=candidate.found_on, found_how=candidate.how)
            session.add(row)
            existing[candidate.site] = row
            new.append(row)
    return new


def accept_candidate(session: Session, candidate: BlogCandidate, added_by_id: int | None = None) -> Blog:
    """Add the candidate as a blog; its feed is found on the next crawl. The caller commits."""
    candidate.status = "accepted"
    session.add(candidate)
    existing = session.exec(select(Blog).where(Blog.feed_url == candidate.url)).first()
    if existing is not None:
        return existing
    return create_blog(session, candidate.url, candidate.url, "", source="discovered", added_by_id=added_by_id,
                       status="pending")


def reject_candidate(session: Session, candidate: BlogCandidate) -> None:
    candidate.status = "rejected"
    session.add(candidate)
