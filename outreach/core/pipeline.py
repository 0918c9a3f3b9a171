"""The pipeline rules: campaigns and their stages, moving cards, logging contact."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, func, select

from outreach.core import audit
from outreach.core.models import (
    CLOSED_STAGE_KINDS,
    DEFAULT_STAGES,
    Blog,
    Blogger,
    Campaign,
    CampaignMember,
    PipelineEntry,
    Pitch,
    Reply,
    Sample,
    Stage,
    StageChange,
    User,
    utcnow,
)

EARLY_STAGE_KINDS = frozenset({"shortlisted", "researching"})


class PipelineError(ValueError):
    """An action on the pipeline that cannot be done; the message says why."""


class StaleEntryError(PipelineError):
    """Someone else changed the card since it was loaded."""

    def __init__(self) -> None:
        super().__init__("This card changed since you loaded it. Reload the board and try again.")


class ContactRefused(PipelineError):
    """Contacting this blogger is not allowed (do-not-contact)."""


def create_campaign(session: Session, user: User, name: str, **fields) -> Campaign:
    """Add a campaign with the default stages; the creator becomes a member."""
    name = name.strip()
    if not name:
        raise PipelineError("A campaign needs a name.")
    if session.exec(select(Campaign).where(Campaign.name == name)).first():
        raise PipelineError(f"A campaign named {name!r} already exists.")
    campaign = Campaign(name=name, created_by_id=user.id, **fields)
    session.add(campaign)
    session.flush()
    for position, (stage_name, kind) in enumerate(DEFAULT_STAGES):
        session.add(Stage(campaign_id=campaign.id, name=stage_name, position=position, kind=kind))
    session.add(CampaignMember(campaign_id=campaign.id, user_id=user.id))
    audit.record(session, user, "created", "campaign", campaign.id, name=name)
    return campaign


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


def add_blogger_to_campaign(
    session: Session, user: User, campaign: Campaign, blogger_id: int, score: float | None = None
) -> PipelineEntry:
    """Shortlist a blogger into a campaign's first stage (once per campaign)."""
    existing = session.exec(
        select(PipelineEntry).where(
            PipelineEntry.campaign_id == campaign.id, PipelineEntry.blogger_id == blogger_id
        )
    ).first()
    if existing is not None:
        raise PipelineError("This blogger is already in the campaign.")
    if session.get(Blogger, blogger_id) is None:
        raise PipelineError("No such blogger.")
    stages = campaign_stages(session, campaign.id)
    if not stages:
        raise PipelineError("The campaign has no stages; add one first.")
    first = stage_of_kind(session, campaign.id, "shortlisted") or stages[0]
    entry = PipelineEntry(
        campaign_id=campaign.id, blogger_id=blogger_id, stage_id=first.id, owner_id=user.id, score=score
    )
    session.add(entry)
    session.flush()
    session.add(StageChange(entry_id=entry.id, to_stage_id=first.id, to_stage_name=first.name,
                            changed_by_id=user.id))
    audit.record(session, user, "shortlisted", "pipeline_entry", entry.id,
                 campaign_id=campaign.id, blogger_id=blogger_id)
    return entry


def shortlist_blogs(session: Session, user: User, campaign: Campaign, blog_ids: list[int],
                    scores: dict[int, float]) -> tuple[int, int]:
    """Shortlist these blogs' bloggers into a campaign, each with its blog's score in the ranking
    (never a figure a person typed); returns (added, skipped: already in it or gone)."""
    added = skipped = 0
    for blog_id in blog_ids:
        blog = session.get(Blog, blog_id)
        if blog is None:
            skipped += 1
            continue
        if blog.blogger_id is None:
            blogger = Blogger(name=blog.title)
            session.add(blogger)
            session.flush()
            blog.blogger_id = blogger.id
            session.add(blog)
        try:
            with session.begin_nested():
                add_blogger_to_campaign(session, user, campaign, blog.blogger_id, scores.get(blog_id))
            added += 1
        except PipelineError:
            skipped += 1
    return added, skipped


def move_entry(
    session: Session, user: User, entry: PipelineEntry, to_stage: Stage, expected_version: int | None
) -> StageChange | None:
    """Move a card to another stage, refusing if someone moved or edited it meanwhile."""
    if to_stage.campaign_id != entry.campaign_id:
        raise PipelineError("That stage belongs to another campaign.")
    if expected_version is not None and expected_version != entry.version:
        raise StaleEntryError()
    if to_stage.id == entry.stage_id:
        return None
    from_stage = session.get(Stage, entry.stage_id)
    entry.stage_id = to_stage.id
    entry.stage_entered_at = entry.updated_at = utcnow()
    change = StageChange(
        entry_id=entry.id,
        from_stage_id=from_stage.id if from_stage else None,
        from_stage_name=from_stage.name if from_stage else "",
        to_stage_id=to_stage.id,
        to_stage_name=to_stage.name,
        changed_by_id=user.id,
    )
    session.add(entry)
    session.add(change)
    audit.record(session, user, "moved", "pipeline_entry", entry.id,
                 from_stage=change.from_stage_name, to_stage=to_stage.name)
    return change


def commit_entry_change(session: Session) -> None:
    """Commit, turning a lost optimistic-lock race into a clear StaleEntryError."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise StaleEntryError() from None


def pitch_warnings(
    session: Session, blogger: Blogger, campaign_id: int, guard_days: int, now: datetime | None = None
) -> list[str]:
    """What a person should know before pitching this blogger; do-not-contact comes first."""
    now = now or utcnow()
    warnings = []
    if blogger.do_not_contact:
        reason = f" ({blogger.do_not_contact_reason})" if blogger.do_not_contact_reason else ""
        warnings.append(f"{blogger.name or 'This blogger'} is on the do-not-contact list{reason}.")
    recent = session.exec(
        select(Pitch, User.email, Campaign.name)
        .join(PipelineEntry, PipelineEntry.id == Pitch.entry_id)
        .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
        .join(User, User.id == Pitch.sent_by_id, isouter=True)
        .where(PipelineEntry.blogger_id == blogger.id, Pitch.sent_at >= now - timedelta(days=guard_days))
        .order_by(Pitch.sent_at.desc())
    ).first()
    if recent is not None:
        pitch, email, campaign_name = recent
        warnings.append(
            f"Pitched {(now - pitch.sent_at).days} days ago by {email or 'someone'} "
            f"in {campaign_name!r} (guard: {guard_days} days)."
        )
    other_active = session.exec(
        select(Campaign.name)
        .join(PipelineEntry, PipelineEntry.campaign_id == Campaign.id)
        .join(Stage, Stage.id == PipelineEntry.stage_id)
        .where(
            PipelineEntry.blogger_id == blogger.id,
            Campaign.id != campaign_id,
            Campaign.is_archived.is_(False),
            Stage.kind.not_in(list(CLOSED_STAGE_KINDS | EARLY_STAGE_KINDS)),
        )
    ).all()
    if other_active:
        warnings.append("Active in another campaign: " + ", ".join(sorted(other_active)) + ".")
    return warnings


def log_pitch(
    session: Session, user: User, entry: PipelineEntry, *, channel: str, subject: str, message: str,
    follow_up_on: date | None, is_follow_up: bool = False, sent_at: datetime | None = None,
) -> Pitch:
    """Record a pitch or follow-up; a first pitch moves an early card to Pitched."""
    blogger = session.get(Blogger, entry.blogger_id)
    if blogger.do_not_contact:
        raise ContactRefused(f"{blogger.name or 'This blogger'} is on the do-not-contact list: "
                             "the pitch was not logged.")
    pitch = Pitch(
        entry_id=entry.id, is_follow_up=is_follow_up, channel=channel, subject=subject.strip(),
        message=message, sent_by_id=user.id, follow_up_on=follow_up_on, sent_at=sent_at or utcnow(),
    )
    session.add(pitch)
    entry.last_contact_at = pitch.sent_at
    entry.next_follow_up_on = follow_up_on
    entry.updated_at = utcnow()
    session.add(entry)
    session.flush()
    audit.record(session, user, "logged_follow_up" if is_follow_up else "logged_pitch", "pitch",
                 pitch.id, entry_id=entry.id, channel=channel)
    current = session.get(Stage, entry.stage_id)
    if current is not None and current.kind in EARLY_STAGE_KINDS:
        pitched = stage_of_kind(session, entry.campaign_id, "pitched")
        if pitched is not None:
            move_entry(session, user, entry, pitched, expected_version=None)
    return pitch


def log_reply(
    session: Session, user: User, entry: PipelineEntry, *, channel: str, summary: str,
    sentiment: str, received_at: datetime | None = None,
) -> Reply:
    """Record a blogger's reply; it answers their latest pitch and moves Pitched to Responded."""
    latest = session.exec(
        select(Pitch).where(Pitch.entry_id == entry.id).order_by(Pitch.sent_at.desc())
    ).first()
    reply = Reply(entry_id=entry.id, pitch_id=latest.id if latest else None, channel=channel,
                  summary=summary, sentiment=sentiment, logged_by_id=user.id,
                  received_at=received_at or utcnow())
    session.add(reply)
    if latest is not None and latest.outcome == "pending":
        latest.outcome = "replied"
        session.add(latest)
    entry.last_contact_at = reply.received_at
    entry.updated_at = utcnow()
    session.add(entry)
    session.flush()
    audit.record(session, user, "logged_reply", "reply", reply.id, entry_id=entry.id)
    current = session.get(Stage, entry.stage_id)
    if current is not None and current.kind in EARLY_STAGE_KINDS | {"pitched"}:
        responded = stage_of_kind(session, entry.campaign_id, "responded")
        if responded is not None:
            move_entry(session, user, entry, responded, expected_version=None)
    return reply


def record_sample(session: Session, user: User, entry: PipelineEntry, sample: Sample) -> Sample:
    """Add a sample to an entry; a sample sent moves an earlier card to Sample sent."""
    sample.entry_id = entry.id
    sample.created_by_id = user.id
    sample.currency = sample.currency.upper()
    session.add(sample)
    session.flush()
    audit.record(session, user, "added_sample", "sample", sample.id, entry_id=entry.id, item=sample.item)
    if sample.status == "sent":
        sample_stage = stage_of_kind(session, entry.campaign_id, "sample_sent")
        current = session.get(Stage, entry.stage_id)
        if sample_stage is not None and current is not None and current.position < sample_stage.position:
            move_entry(session, user, entry, sample_stage, expected_version=None)
    return sample


def is_member(session: Session, user: User, campaign_id: int) -> bool:
    return session.get(CampaignMember, (campaign_id, user.id)) is not None


def entries_in_stage_count(session: Session, stage_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(PipelineEntry).where(PipelineEntry.stage_id == stage_id)
    ).one()


def remove_stage(session: Session, user: User, stage: Stage, move_to: Stage | None) -> None:
    """Delete a stage, first moving its cards (with history) to another stage."""
    count = entries_in_stage_count(session, stage.id)
    if count and move_to is None:
        raise PipelineError(f"{stage.name!r} holds {count} cards: choose a stage to move them to.")
    if move_to is not None and (move_to.id == stage.id or move_to.campaign_id != stage.campaign_id):
        raise PipelineError("Choose another stage of the same campaign for its cards.")
    if count:
        entries: Iterable[PipelineEntry] = session.exec(
            select(PipelineEntry).where(PipelineEntry.stage_id == stage.id)
        )
        for entry in list(entries):
            move_entry(session, user, entry, move_to, expected_version=None)
    session.flush()
    remaining = [s for s in campaign_stages(session, stage.campaign_id) if s.id != stage.id]
    if not remaining:
        raise PipelineError("A campaign keeps at least one stage.")
    audit.record(session, user, "removed_stage", "stage", stage.id, name=stage.name,
                 campaign_id=stage.campaign_id, moved_to=move_to.name if move_to else None)
    session.delete(stage)
    for position, kept in enumerate(remaining):
        kept.position = position
        session.add(kept)
