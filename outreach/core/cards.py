"""A card's version moves on when something it shows changes outside its own row (a sample, a
coverage proposal, its blogger's do-not-contact mark): open boards poll the versions to redraw
cards, and a move made from the older card is refused as stale."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session

from outreach.core.models import PipelineEntry, utcnow


def cards_changed(session: Session, entry_ids: list[int]) -> None:
    """Move the entries' versions on. One UPDATE that does not check the version it read: a
    colleague moving the card meanwhile is not an error here (their move, if older, is refused
    as stale instead); the entries loaded in this session take the new version too."""
    _bump(session, PipelineEntry.id.in_(entry_ids))


def blogger_cards_changed(session: Session, blogger_id: int) -> None:
    """Every card of the blogger, in every campaign, changed."""
    _bump(session, PipelineEntry.blogger_id == blogger_id)


def _bump(session: Session, which) -> None:
    session.execute(update(PipelineEntry).where(which)
                    .values(version=PipelineEntry.version + 1, updated_at=utcnow())
                    .execution_options(synchronize_session="evaluate"))
