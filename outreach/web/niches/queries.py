"""Named queries of the niche pages."""

from __future__ import annotations

from sqlmodel import Session, select

from outreach.core.models import Blog, Niche
from outreach.web.db import get_or_404


def get_niche_or_404(session: Session, niche_id: int) -> Niche:
    return get_or_404(session, Niche, niche_id)


def blogger_ids_by_blog(session: Session, blog_ids: list[int]) -> dict[int, int]:
    """Each blog's blogger, for links to their profiles."""
    if not blog_ids:
        return {}
    return {blog_id: blogger_id for blog_id, blogger_id in session.exec(
        select(Blog.id, Blog.blogger_id).where(Blog.id.in_(blog_ids))) if blogger_id is not None}


def channels_by_blog(session: Session, blog_ids: list[int]) -> dict[int, tuple[str, dict, int | None]]:
    """Each ranked channel's platform, details (its engagement among them) and followers: shown
    beside the rank, never part of it."""
    if not blog_ids:
        return {}
    return {blog_id: (platform, details or {}, followers) for blog_id, platform, details, followers in session.exec(
        select(Blog.id, Blog.platform, Blog.details, Blog.followers).where(Blog.id.in_(blog_ids)))}
