"""A blogger's relationship status: what the pipeline has earned (pitched, replied, sample sent,
covered: the furthest any campaign got), unless a person chose a status by hand, which is
recorded and may be handed back to the pipeline."""

from __future__ import annotations

from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.errors import Refused
from outreach.core.models import (
    PIPELINE_RELATIONSHIPS,
    RELATIONSHIP_STATUSES,
    SENT_SAMPLE_STATUSES,
    Blogger,
    Coverage,
    PipelineEntry,
    Pitch,
    Reply,
    Sample,
    Stage,
    User,
    utcnow,
)

FOLLOW_PIPELINE = "pipeline"  # what a person chooses to hand the status back to the pipeline


def derived_relationship(session: Session, blogger_id: int) -> str:
    """The furthest step of the pipeline any of the blogger's entries reached."""
    entries = select(PipelineEntry.id).where(PipelineEntry.blogger_id == blogger_id)
    reached = [
        ("covered", select(PipelineEntry.id).join(Stage, Stage.id == PipelineEntry.stage_id).where(
            PipelineEntry.blogger_id == blogger_id, Stage.kind.in_(["covered", "ongoing"]))
         .union_all(select(Coverage.entry_id).where(Coverage.entry_id.in_(entries),
                                                    Coverage.status == "confirmed"))),
        ("sample_sent", select(Sample.id).where(Sample.entry_id.in_(entries),
                                                Sample.status.in_(SENT_SAMPLE_STATUSES))),
        ("replied", select(Reply.id).where(Reply.entry_id.in_(entries))),
        ("pitched", select(Pitch.id).where(Pitch.entry_id.in_(entries))),
    ]
    for status, evidence in reached:
        if session.exec(evidence.limit(1)).first() is not None:
            return status
    return "new"


# What reaching a stage of each kind says of the relationship.
STAGE_RELATIONSHIPS = {"pitched": "pitched", "responded": "replied", "sample_sent": "sample_sent",
                       "covered": "covered", "ongoing": "covered"}


def raise_relationship(session: Session, blogger_id: int, reached: str | None) -> None:
    """The pipeline reached `reached` with this blogger: lift the status to it, unless a person
    chose the status or the blogger is on the do-not-contact list. It never goes down by itself
    (a second campaign's pitch does not undo a first one's coverage), and it needs no query, so
    it can run inside a move without flushing a card that may turn out stale."""
    if reached not in PIPELINE_RELATIONSHIPS:
        return
    with session.no_autoflush:
        blogger = session.get(Blogger, blogger_id)
    if blogger is None or blogger.relationship_set_by_hand or blogger.do_not_contact:
        return
    current = blogger.relationship_status
    if current in PIPELINE_RELATIONSHIPS and PIPELINE_RELATIONSHIPS.index(current) >= PIPELINE_RELATIONSHIPS.index(reached):
        return
    blogger.relationship_status = reached
    blogger.updated_at = utcnow()
    session.add(blogger)


def set_relationship(session: Session, user: User, blogger: Blogger, status: str, via: str = "web") -> None:
    """A person's choice of status (audited), or FOLLOW_PIPELINE to let the pipeline set it again."""
    if blogger.do_not_contact:
        raise Refused("This blogger is on the do-not-contact list; an admin must remove them first.")
    old = blogger.relationship_status
    if status == FOLLOW_PIPELINE:
        blogger.relationship_set_by_hand = False
        blogger.relationship_status = derived_relationship(session, blogger.id)
    elif status in RELATIONSHIP_STATUSES and status != "do_not_contact":
        blogger.relationship_set_by_hand = True
        blogger.relationship_status = status
    else:
        raise Refused(f"Unknown relationship status {status!r}.")
    blogger.updated_at = utcnow()
    session.add(blogger)
    audit.record(session, user, "set_relationship", "blogger", blogger.id, old=old,
                 new=blogger.relationship_status, by_hand=blogger.relationship_set_by_hand, via=via)
