"""Named queries of the niche pages."""

from __future__ import annotations

from flask import abort
from sqlmodel import Session, select

from outreach.core.models import Blog, Niche


def get_niche_or_404(session: Session, niche_id: int) -> Niche:
    niche = session.get(Niche, niche_id)
    if niche is None:
        abort(404)
    return niche


def blogger_ids_by_blog(session: Session, blog_ids: list[int]) -> dict[int, int]:
    """Each blog's blogger, for links to their profiles."""
    if not blog_ids:
        return {}
    return {blog_id: blogger_id for blog_id, blogger_id in session.exec(
        select(Blog.id, Blog.blogger_id).where(Blog.id.in_(blog_ids))) if blogger_id is not None}
