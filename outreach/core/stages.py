"""Stages and moving cards between them: the board's primitives, with their history and the
guard against overwriting a colleague's change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.errors import Refused
from outreach.core.event_hooks import emit_for_entry, person
from outreach.core.models import Blogger, PipelineEntry, Stage, StageChange, User, utcnow
from outreach.core.relationships import STAGE_RELATIONSHIPS, raise_relationship

EARLY_STAGE_KINDS = frozenset({"shortlisted", "researching"})
# A card reaching these stages needs no more chasing: its planned follow-up is dropped.
FOLLOW_UP_ENDS = frozenset({"covered", "declined", "no_response"})
# Reaching these stages means we are in touch with the blogger: a person may not move a
# do-not-contact blogger's card into them.
CONTACT_STAGE_KINDS = frozenset({"pitched", "responded", "sample_sent", "covered", "ongoing"})


class PipelineError(Refused):
    """An action on the pipeline that cannot be done; the message says why."""


class ContactRefused(PipelineError):
    """Contacting this blogger is not allowed (do-not-contact); the message gives the reason."""


def refuse_if_do_not_contact(blogger: Blogger, outcome: str) -> None:
    """Raise ContactRefused, saying why and what was not done, when the blogger is on the list."""
    if blogger is not None and blogger.do_not_contact:
        reason = f" ({blogger.do_not_contact_reason})" if blogger.do_not_contact_reason else ""
        raise ContactRefused(f"{blogger.name or 'This blogger'} is on the do-not-contact list{reason}: {outcome}.")


class StaleEntryError(PipelineError):
    """Someone else changed the card since it was loaded."""

    def __init__(self) -> None:
        super().__init__("This card changed since you loaded it. Reload the board and try again.")


def campaign_stages(session: Session, campaign_id: int) -> list[Stage]:
    """The campaign's stages in board order."""
    return list(
        session.exec(
            select(Stage).where(Stage.campaign_id == campaign_id).order_by(Stage.position, Stage.id)
        )
    )


def stage_of_kind(session: Session, campaign_id: int, kind: str) -> Stage | None:
    return session.exec(
        select(Stage).where(Stage.campaign_id == campaign_id, Stage.kind == kind)
    ).first()


def move_entry(
    session: Session, user: User, entry: PipelineEntry, to_stage: Stage, expected_version: int | None,
    *, by_hand: bool = True, at: datetime | None = None,
) -> StageChange | None:
    """Move a card to another stage, refusing if someone moved or edited it meanwhile. A move
    by hand into a contact stage is refused for a do-not-contact blogger; the moves that follow
    a logged reply, coverage or a removed stage (by_hand=False) are records, not contact. A move
    that follows an event logged after the fact (a pitch sent last week) is dated `at`, the
    event's time, so stage ages and weekly charts read true."""
    if to_stage.campaign_id != entry.campaign_id:
        raise PipelineError("That stage belongs to another campaign.")
    if expected_version is not None and expected_version != entry.version:
        raise StaleEntryError()
    if to_stage.id == entry.stage_id:
        return None
    if by_hand and to_stage.kind in CONTACT_STAGE_KINDS:
        refuse_if_do_not_contact(session.get(Blogger, entry.blogger_id), f"the card was not moved to {to_stage.name}")
    from_stage = session.get(Stage, entry.stage_id)
    entry.stage_id = to_stage.id
    # Never in the future, never before the card entered the stage it leaves (ages stay positive).
    entry.stage_entered_at = utcnow() if at is None else max(min(at, utcnow()), entry.stage_entered_at or at)
    entry.updated_at = utcnow()
    change = StageChange(
        entry_id=entry.id,
        from_stage_id=from_stage.id if from_stage else None,
        from_stage_name=from_stage.name if from_stage else "",
        to_stage_id=to_stage.id,
        to_stage_name=to_stage.name,
        changed_by_id=user.id,
        changed_at=entry.stage_entered_at,
    )
    if to_stage.kind in FOLLOW_UP_ENDS:
        entry.next_follow_up_on = None
    session.add(entry)
    session.add(change)
    audit.record(session, user, "moved", "pipeline_entry", entry.id,
                 from_stage=change.from_stage_name, to_stage=to_stage.name)
    emit_for_entry(session, "entry.moved", entry, by_hand=by_hand, by=person(user),
                   from_stage={"id": change.from_stage_id, "name": change.from_stage_name},
                   to_stage={"id": to_stage.id, "name": to_stage.name, "kind": to_stage.kind},
                   at=change.changed_at.isoformat())
    raise_relationship(session, entry.blogger_id, STAGE_RELATIONSHIPS.get(to_stage.kind))
    return change


def commit_entry_change(session: Session) -> None:
    """Commit, turning a lost optimistic-lock race into a clear StaleEntryError."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise StaleEntryError() from None
