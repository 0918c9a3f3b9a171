"""A card's version moves on when something it shows changes outside its own row (a sample, a
coverage proposal, its blogger's do-not-contact mark): open boards poll the versions to redraw
cards, and a move made from the older card is refused as stale."""

from __future__ import annotations

from typing import Iterable

from sqlmodel import Session, select

from outreach.core.models import PipelineEntry, utcnow


def cards_changed(session: Session, entries: Iterable[PipelineEntry]) -> None:
    """Mark the entries changed: their next flush writes them, and their version moves on."""
    now = utcnow()
    for entry in entries:
        entry.updated_at = now
        session.add(entry)


def blogger_cards_changed(session: Session, blogger_id: int) -> None:
    """Every card of the blogger, in every campaign, changed."""
    cards_changed(session, session.exec(select(PipelineEntry).where(PipelineEntry.blogger_id == blogger_id)).all())
