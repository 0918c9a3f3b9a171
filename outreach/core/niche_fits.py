"""A person's verdicts on ranked blogs for a niche: a good fit, or not a fit. The ranking leans
toward what the good fits write and away from what the others do (scoring.niche_query), and
the pages hide those marked not a fit."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.db import row_or_none
from outreach.core.models import Blog, Niche, NicheFit, User, utcnow
from outreach.core.niches import NicheError

FIT_LABELS = {True: "good fit", False: "not a fit"}
# The words a form, the API or the command line may give for a verdict; None clears it.
VERDICTS = {"good": True, "poor": False, "clear": None}


def mark_fit(session: Session, user: User | None, niche: Niche, blog_id: int, fit: bool | None) -> None:
    """Mark the blog a good fit (True) or not a fit (False) for the niche, or clear the mark
    (None), and audit it. The caller commits."""
    if row_or_none(session, Blog, blog_id) is None:
        raise NicheError(f"no blog has id {blog_id}", field="blog")
    existing = _fit_row(session, niche.id, blog_id)
    if fit is None:
        if existing is not None:
            session.delete(existing)
            audit.record(session, user, "cleared_fit", "niche", niche.id, blog=blog_id)
        return
    if existing is None:
        try:  # two people marking the same blog at once: the later mark wins, as an edit would
            with session.begin_nested():
                session.add(NicheFit(niche_id=niche.id, blog_id=blog_id, fit=fit, marked_by_id=user and user.id))
        except IntegrityError:
            existing = _fit_row(session, niche.id, blog_id)
    if existing is not None:
        existing.fit, existing.marked_by_id, existing.marked_at = fit, user and user.id, utcnow()
        session.add(existing)
    audit.record(session, user, "marked_fit", "niche", niche.id, blog=blog_id, fit=FIT_LABELS[fit])


def mark_fits(session: Session, user: User | None, niche: Niche, blog_ids: list[int], fit: bool | None) -> int:
    """mark_fit for each of the blogs (each once); how many. The caller commits."""
    distinct = list(dict.fromkeys(blog_ids))
    for blog_id in distinct:
        mark_fit(session, user, niche, blog_id, fit)
    return len(distinct)


def who_marked(session: Session, niche_id: int, blog_ids: list[int]) -> dict[int, str]:
    """For each of those blogs the niche has a mark on: who marked it and when, in a few words."""
    rows = session.exec(select(NicheFit, User).join(User, User.id == NicheFit.marked_by_id, isouter=True)
                        .where(NicheFit.niche_id == niche_id, NicheFit.blog_id.in_(blog_ids))).all()
    return {fit.blog_id: f"Marked {'a good fit' if fit.fit else 'not a fit'} by {user.display_name if user else 'a script'} "
                         f"on {fit.marked_at:%Y-%m-%d}" for fit, user in rows}


def marks_on_blog(session: Session, blog_id: int) -> dict[int, bool]:
    """The blog's marks, by niche id: True a good fit, False not a fit."""
    return dict(session.exec(select(NicheFit.niche_id, NicheFit.fit).where(NicheFit.blog_id == blog_id)).all())


def fit_rows(session: Session, niche_id: int) -> list[tuple[NicheFit, Blog]]:
    """The niche's verdicts with their blogs, good fits first, then by the blog's name."""
    return list(session.exec(
        select(NicheFit, Blog).join(Blog, Blog.id == NicheFit.blog_id).where(NicheFit.niche_id == niche_id)
        .order_by(NicheFit.fit.desc(), Blog.title, Blog.id)).all())


def move_fits(session: Session, column: str, old: int, new: int) -> int:
    """Point the verdicts of a merged-away blog or niche (`column` "blog_id" or "niche_id") at the
    kept one; where the kept one already has a verdict for the same pair, that one stays."""
    moved = 0
    other = "niche_id" if column == "blog_id" else "blog_id"
    kept = set(session.exec(select(getattr(NicheFit, other)).where(getattr(NicheFit, column) == new)))
    for row in session.exec(select(NicheFit).where(getattr(NicheFit, column) == old)).all():
        if getattr(row, other) in kept:
            session.delete(row)
            continue
        setattr(row, column, new)
        session.add(row)
        moved += 1
    session.flush()
    return moved


def _fit_row(session: Session, niche_id: int, blog_id: int) -> NicheFit | None:
    return session.exec(select(NicheFit).where(NicheFit.niche_id == niche_id, NicheFit.blog_id == blog_id)).first()
