"""What bloggers agreed to publish, and by when: planned, then published as a coverage post (which
a person chooses) or cancelled; a planned one past its day is overdue."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_
from sqlmodel import Session, col, select

from outreach.core import audit
from outreach.core.cards import cards_changed
from outreach.core.models import Blogger, Coverage, Deliverable, PipelineEntry, User
from outreach.core.stages import PipelineError, refuse_if_do_not_contact


def record_deliverable(session: Session, user: User, entry: PipelineEntry, description: str,
                       due_on: date | None) -> Deliverable:
    """What the entry's blogger agreed to publish; agreeing is contact, so a blogger on the
    do-not-contact list is refused. The caller commits."""
    refuse_if_do_not_contact(session.get(Blogger, entry.blogger_id), "the deliverable was not recorded")
    deliverable = Deliverable(entry_id=entry.id, description=description.strip(), due_on=due_on,
                              created_by_id=user.id)
    session.add(deliverable)
    session.flush()
    cards_changed(session, [entry.id])  # "Post due" on the card
    audit.record(session, user, "added_deliverable", "deliverable", deliverable.id, entry_id=entry.id,
                 description=deliverable.description)
    return deliverable


def mark_published(session: Session, user: User, deliverable: Deliverable, coverage: Coverage) -> None:
    """The deliverable was published as this confirmed coverage post of the same entry. The caller commits."""
    if deliverable.status != "planned":
        raise PipelineError(f"This deliverable is {deliverable.status} already.")
    if coverage.entry_id != deliverable.entry_id or coverage.status != "confirmed":
        raise PipelineError("Choose a confirmed coverage post of this blogger in this campaign.")
    taken = session.exec(select(Deliverable.id).where(Deliverable.coverage_id == coverage.id)).first()
    if taken is not None:
        raise PipelineError("That post delivered another of their deliverables already.")
    deliverable.status, deliverable.coverage_id = "published", coverage.id
    deliverable.published_on = (coverage.decided_at or coverage.found_at).date()
    session.add(deliverable)
    cards_changed(session, [deliverable.entry_id])
    audit.record(session, user, "published_deliverable", "deliverable", deliverable.id,
                 entry_id=deliverable.entry_id, url=coverage.url)


def move_deliverable(session: Session, user: User, deliverable: Deliverable, due_on: date | None) -> None:
    """A new day for a planned deliverable (the blogger asked for a week more), or none. The caller commits."""
    if deliverable.status != "planned":
        raise PipelineError(f"This deliverable is {deliverable.status}: its day no longer matters.")
    before, deliverable.due_on = deliverable.due_on, due_on
    session.add(deliverable)
    cards_changed(session, [deliverable.entry_id])
    audit.record(session, user, "moved_deliverable", "deliverable", deliverable.id, entry_id=deliverable.entry_id,
                 before=before.isoformat() if before else "", after=due_on.isoformat() if due_on else "")


def cancel_deliverable(session: Session, user: User, deliverable: Deliverable) -> None:
    """Nothing more is expected of it (the plan changed). The caller commits."""
    if deliverable.status != "planned":
        raise PipelineError(f"This deliverable is {deliverable.status} already.")
    deliverable.status = "cancelled"
    session.add(deliverable)
    cards_changed(session, [deliverable.entry_id])
    audit.record(session, user, "cancelled_deliverable", "deliverable", deliverable.id, entry_id=deliverable.entry_id)


def due(today):
    """The SQL condition of a deliverable still to publish whose day has passed."""
    return and_(Deliverable.status == "planned", col(Deliverable.due_on).is_not(None), Deliverable.due_on < today)


def is_late(deliverable: Deliverable, today: date) -> bool:
    return deliverable.status == "planned" and deliverable.due_on is not None and deliverable.due_on < today


def unclaimed_coverage(session: Session, entry_id: int) -> list[Coverage]:
    """The entry's confirmed coverage posts that delivered no deliverable yet, newest first."""
    claimed = select(Deliverable.coverage_id).where(col(Deliverable.coverage_id).is_not(None))
    return list(session.exec(select(Coverage).where(Coverage.entry_id == entry_id, Coverage.status == "confirmed",
                                                    col(Coverage.id).not_in(claimed))
                             .order_by(col(Coverage.decided_at).desc(), col(Coverage.id).desc())))
