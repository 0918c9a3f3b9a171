"""Bloggers as people see them: the name to show, and the blog to link to."""

from __future__ import annotations

from sqlmodel import Session, select

from outreach.core.models import Blog, Blogger


def blogger_labels(session: Session, blogger_ids) -> dict[int, tuple[str, str]]:
    """(name, homepage) per blogger: the blogger's name, else their blog's title."""
    ids = list(set(blogger_ids))
    if not ids:
        return {}
    labels: dict[int, tuple[str, str]] = {}
    rows = session.exec(
        select(Blogger.id, Blogger.name, Blog.title, Blog.homepage_url)
        .join(Blog, Blog.blogger_id == Blogger.id, isouter=True)
        .where(Blogger.id.in_(ids))
        .order_by(Blogger.id, Blog.id)
    )
    for blogger_id, name, title, homepage in rows:
        if blogger_id not in labels:
            labels[blogger_id] = (name or title or f"Blogger {blogger_id}", homepage or "")
    return labels


def first_blogs(session: Session, blogger_ids: list[int]) -> dict[int, Blog]:
    """Each blogger's first blog (the one added first)."""
    blogs: dict[int, Blog] = {}
    if not blogger_ids:
        return blogs
    for blog in session.exec(select(Blog).where(Blog.blogger_id.in_(blogger_ids)).order_by(Blog.id)):
        blogs.setdefault(blog.blogger_id, blog)
    return blogs
