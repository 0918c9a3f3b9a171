"""Product samples on an entry: recorded, sent (now or later, with tracking), received, returned
or lost; a sample on its way moves the card to Sample sent."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlmodel import Session, col, select

from outreach.core import audit
from outreach.core.access import visible_campaigns
from outreach.core.cards import cards_changed
from outreach.core.models import Blogger, Campaign, PipelineEntry, Sample, Stage, User, utc_today
from outreach.core.relationships import raise_relationship
from outreach.core.stages import PipelineError, move_entry, refuse_if_do_not_contact, stage_of_kind


def last_shipping_address(session: Session, user: User, blogger_id: int) -> tuple[str, str] | None:
    """The address this blogger's latest sample went to, in a campaign this user may open, and
    that campaign's name: a sample's form starts from it rather than asking again."""
    campaigns = visible_campaigns(user).with_only_columns(Campaign.id).order_by(None)
    row = session.exec(select(Sample.shipping_address, Campaign.name)
                       .join(PipelineEntry, PipelineEntry.id == Sample.entry_id)
                       .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
                       .where(PipelineEntry.blogger_id == blogger_id, Sample.shipping_address != "",
                              col(Campaign.id).in_(campaigns))
                       .order_by(col(Sample.created_at).desc(), col(Sample.id).desc())).first()
    return (row[0], row[1]) if row else None


def record_sample(session: Session, user: User, entry: PipelineEntry, sample: Sample, *,
                  today: date | None = None) -> Sample:
    """Add a sample to an entry; a sample sent moves an earlier card to Sample sent. A sample
    entered as planned with a sent date or a tracking number has been sent: it is stored so, dated
    `today` (the person's own date; UTC's when not given) unless it says when."""
    refuse_if_do_not_contact(session.get(Blogger, entry.blogger_id), "the sample was not recorded")
    sample.entry_id = entry.id
    sample.created_by_id = user.id
    sample.currency = sample.currency.upper()
    if sample.status == "planned" and (sample.sent_on or (sample.tracking_number or "").strip()):
        sample.status = "sent"
    if sample.status == "sent":
        sample.sent_on = sample.sent_on or today or utc_today()
    session.add(sample)
    session.flush()
    cards_changed(session, [entry.id])  # "Sample out" on the card
    audit.record(session, user, "added_sample", "sample", sample.id, entry_id=entry.id, item=sample.item)
    if sample.status == "sent":
        _advance_to_sample_sent(session, user, entry, sample.sent_on)
        raise_relationship(session, entry.blogger_id, "sample_sent")
    return sample


def _advance_to_sample_sent(session: Session, user: User, entry: PipelineEntry, sent_on: date | None) -> None:
    """A sample on its way moves a card that stands before Sample sent to it, on the day it left."""
    sample_stage = stage_of_kind(session, entry.campaign_id, "sample_sent")
    current = session.get(Stage, entry.stage_id)
    if sample_stage is not None and current is not None and current.position < sample_stage.position:
        at = datetime(sent_on.year, sent_on.month, sent_on.day, 12, tzinfo=timezone.utc) if sent_on else None
        move_entry(session, user, entry, sample_stage, expected_version=None, by_hand=False, at=at)


def set_sample_status(session: Session, user: User, sample: Sample, status: str, *,
                      tracking_number: str = "", carrier: str = "", today: date | None = None) -> None:
    """Mark a sample sent (a planned one, with its tracking), received, returned or lost, dated
    `today` (the person's own date; UTC's when not given) when no date was given."""
    today = today or utc_today()
    if status == "sent":
        if sample.status != "planned":
            raise PipelineError(f"Only a planned sample can be marked sent; this one is {sample.status}.")
        entry = session.get(PipelineEntry, sample.entry_id)
        refuse_if_do_not_contact(session.get(Blogger, entry.blogger_id), "the sample was not marked sent")
        sample.sent_on = sample.sent_on or today
        sample.tracking_number = tracking_number.strip() or sample.tracking_number
        sample.carrier = carrier.strip() or sample.carrier
        _advance_to_sample_sent(session, user, entry, sample.sent_on)
    elif status == "received":
        sample.received_on = sample.received_on or today
    elif status == "returned":
        sample.returned_on = sample.returned_on or today
    elif status != "lost":
        raise PipelineError("Unknown sample status.")
    sample.status = status
    session.add(sample)
    cards_changed(session, [sample.entry_id])
    audit.record(session, user, f"sample_{status}", "sample", sample.id, entry_id=sample.entry_id)
    if status != "lost":
        raise_relationship(session, session.get(PipelineEntry, sample.entry_id).blogger_id, "sample_sent")
