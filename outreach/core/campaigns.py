"""Campaigns: created with the default stages, their members, and their stages added,
renamed, reordered and removed (cards moved out first, with history)."""

from __future__ import annotations

from typing import Iterable

from sqlmodel import Session, func, select

from outreach.core import audit
from outreach.core.models import DEFAULT_STAGES, Campaign, CampaignMember, Coverage, PipelineEntry, Stage, User
from outreach.core.stages import PipelineError, campaign_stages, move_entry


class CampaignArchived(PipelineError):
    """An archived campaign is read-only until it is restored."""


def refuse_if_archived(campaign: Campaign) -> None:
    """Raise CampaignArchived when nothing may change in this campaign."""
    if campaign.is_archived:
        raise CampaignArchived(f"{campaign.name!r} is archived, so it is read-only: restore it first.")


def create_campaign(session: Session, user: User, name: str, stages: Iterable[tuple[str, str]] = DEFAULT_STAGES,
                    **fields) -> Campaign:
    """Add a campaign with the default stages (or `stages`, as (name, kind)); the creator becomes a member."""
    name = name.strip()
    if not name:
        raise PipelineError("A campaign needs a name.")
    if session.exec(select(Campaign).where(Campaign.name == name)).first():
        raise PipelineError(f"A campaign named {name!r} already exists.")
    campaign = Campaign(name=name, created_by_id=user.id, **fields)
    session.add(campaign)
    session.flush()
    for position, (stage_name, kind) in enumerate(stages):
        session.add(Stage(campaign_id=campaign.id, name=stage_name, position=position, kind=kind))
    session.add(CampaignMember(campaign_id=campaign.id, user_id=user.id))
    audit.record(session, user, "created", "campaign", campaign.id, name=name)
    return campaign


def coverage_won(session: Session, campaign_id: int) -> int:
    """How many coverage posts of the campaign were confirmed, since it began: its goal's progress."""
    return session.exec(select(func.count(Coverage.id)).join(PipelineEntry, PipelineEntry.id == Coverage.entry_id)
                        .where(PipelineEntry.campaign_id == campaign_id, Coverage.status == "confirmed")).one()


def update_campaign(session: Session, user: User, campaign: Campaign, name: str, **fields) -> None:
    """Change a campaign's name and settings; names stay unique."""
    name = name.strip()
    if not name:
        raise PipelineError("A campaign needs a name.")
    clash = session.exec(select(Campaign).where(Campaign.name == name, Campaign.id != campaign.id)).first()
    if clash is not None:
        raise PipelineError(f"A campaign named {name!r} already exists.")
    campaign.name = name
    for key, value in fields.items():
        setattr(campaign, key, value)
    session.add(campaign)
    audit.record(session, user, "edited", "campaign", campaign.id)


def campaign_member_ids(session: Session, campaign_id: int) -> list[int]:
    return list(session.exec(select(CampaignMember.user_id).where(CampaignMember.campaign_id == campaign_id)))


def set_members(session: Session, campaign: Campaign, user_ids: list[int], keep: int | None = None) -> None:
    """Make exactly these users (and `keep`, e.g. the creator) the campaign's members."""
    wanted = set(user_ids) | ({keep} if keep else set())
    current = {
        member.user_id: member
        for member in session.exec(select(CampaignMember).where(CampaignMember.campaign_id == campaign.id))
    }
    for user_id in wanted - current.keys():
        session.add(CampaignMember(campaign_id=campaign.id, user_id=user_id))
    for user_id in current.keys() - wanted:
        session.delete(current[user_id])


def add_stage(session: Session, user: User, campaign: Campaign, name: str) -> Stage:
    """A new last column; names are unique within the campaign, in any case."""
    name = _unused_stage_name(session, campaign.id, name)
    stage = Stage(campaign_id=campaign.id, name=name, position=len(campaign_stages(session, campaign.id)))
    session.add(stage)
    session.flush()
    audit.record(session, user, "added_stage", "stage", stage.id, name=name, campaign_id=campaign.id)
    return stage


def rename_stage(session: Session, user: User, stage: Stage, name: str) -> None:
    name = _unused_stage_name(session, stage.campaign_id, name, other_than=stage.id)
    audit.record(session, user, "renamed_stage", "stage", stage.id, old=stage.name, new=name)
    stage.name = name
    session.add(stage)


def reorder_stage(session: Session, user: User, stage: Stage, step: int) -> None:
    """Move a column one place left (-1) or right (+1); at either end nothing changes."""
    ordered = campaign_stages(session, stage.campaign_id)
    target = ordered.index(stage) + step
    if 0 <= target < len(ordered):
        place_stage(session, user, stage, target)


def place_stage(session: Session, user: User, stage: Stage, position: int) -> None:
    """Put a column at this place on the board (0 the first), the others keeping their order."""
    ordered = campaign_stages(session, stage.campaign_id)
    if not 0 <= position < len(ordered):
        raise PipelineError(f"A stage's position is 0 to {len(ordered) - 1} in this campaign.")
    if ordered.index(stage) == position:
        return
    ordered.remove(stage)
    ordered.insert(position, stage)
    for place, each in enumerate(ordered):
        each.position = place
        session.add(each)
    audit.record(session, user, "reordered_stages", "campaign", stage.campaign_id,
                 order=[each.name for each in ordered])


def _unused_stage_name(session: Session, campaign_id: int, name: str, other_than: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise PipelineError("A stage needs a name.")
    if any(stage.name.lower() == name.lower() for stage in campaign_stages(session, campaign_id)
           if stage.id != other_than):
        raise PipelineError(f"There is already a stage named {name!r}.")
    return name


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
            move_entry(session, user, entry, move_to, expected_version=None, by_hand=False)
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
