"""The life of campaigns, blogs and niches: archive and restore a campaign (read-only while
archived); delete or merge a campaign, a blog or a niche, with counts of what goes first."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import delete
from sqlmodel import Session, func, select

from outreach.core import audit
from outreach.core.campaign_files import move_files
from outreach.core.campaigns import refuse_if_archived
from outreach.core.merging import MergeError, merge_entries, repoint
from outreach.core.models import (
    Blog,
    Campaign,
    CampaignFile,
    CampaignMember,
    Coverage,
    Fee,
    Mention,
    Niche,
    NicheFit,
    NicheSeed,
    Note,
    OutboxMessage,
    PipelineEntry,
    Pitch,
    Post,
    Reply,
    Sample,
    SequenceStep,
    Stage,
    StageChange,
    User,
)
from outreach.core.niche_fits import move_fits
from outreach.core.niches import delete_niche
from outreach.core.search_index import record_blog_removal
from outreach.core.stages import PipelineError, campaign_stages


def archive_campaign(session: Session, user: User, campaign: Campaign) -> None:
    """Put a finished campaign away: hidden from lists, read-only, its history kept."""
    refuse_if_archived(campaign)
    campaign.is_archived = True
    session.add(campaign)
    audit.record(session, user, "archived", "campaign", campaign.id)


def restore_campaign(session: Session, user: User, campaign: Campaign) -> None:
    if not campaign.is_archived:
        raise PipelineError(f"{campaign.name!r} is not archived.")
    campaign.is_archived = False
    session.add(campaign)
    audit.record(session, user, "restored", "campaign", campaign.id)


def counts_text(counts: dict[str, int]) -> str:
    """Counts of what goes as a person reads (and confirms) them: "2 entries, 0 pitches"."""
    return ", ".join(f"{value} {label}" for label, value in counts.items())


def count_rows(session: Session, model, *conditions) -> int:
    return session.exec(select(func.count()).select_from(model).where(*conditions)).one()


def campaign_counts(session: Session, campaign_id: int) -> dict[str, int]:
    """What deleting the campaign would delete, by kind."""
    in_campaign = select(PipelineEntry.id).where(PipelineEntry.campaign_id == campaign_id)
    counts = {"entries": count_rows(session, PipelineEntry, PipelineEntry.campaign_id == campaign_id)}
    for label, model in (("pitches", Pitch), ("replies", Reply), ("samples", Sample), ("fees", Fee), ("notes", Note),
                         ("coverage", Coverage), ("emails in the outbox", OutboxMessage)):
        counts[label] = count_rows(session, model, model.entry_id.in_(in_campaign))
    counts["follow-up email steps"] = count_rows(session, SequenceStep, SequenceStep.campaign_id == campaign_id)
    counts["files"] = count_rows(session, CampaignFile, CampaignFile.campaign_id == campaign_id)
    return counts


def delete_campaign(session: Session, user: User, campaign: Campaign) -> dict[str, int]:
    """Delete a campaign with its entries and everything logged on them; returns the counts."""
    counts = campaign_counts(session, campaign.id)
    audit.record(session, user, "deleted", "campaign", campaign.id, name=campaign.name, **counts)
    # Entries before stages (an entry's stage has no ON DELETE), each in SQL: the ORM knows
    # no relationships to order the deletes by; the database cascades the entries' rows.
    for model in (PipelineEntry, Stage, CampaignMember):
        session.execute(delete(model).where(model.campaign_id == campaign.id).execution_options(synchronize_session=False))
    session.execute(delete(Campaign).where(Campaign.id == campaign.id).execution_options(synchronize_session=False))
    session.expunge(campaign)
    return counts


def merge_campaigns(session: Session, user: User, loser: Campaign, keeper: Campaign) -> Counter:
    """Fold one campaign into another: entries move to the stage of the same kind (else name,
    else the first), one blogger's two entries merge, members join; then it is deleted."""
    if loser.id == keeper.id:
        raise MergeError("Choose another campaign to merge into.")
    refuse_if_archived(keeper)
    stages = campaign_stages(session, keeper.id)
    by_kind = {stage.kind: stage for stage in stages if stage.kind != "custom"}
    by_name = {stage.name.lower(): stage for stage in stages}
    kept = {entry.blogger_id: entry for entry in session.exec(
        select(PipelineEntry).where(PipelineEntry.campaign_id == keeper.id))}
    moved: Counter = Counter()
    for entry in session.exec(select(PipelineEntry).where(PipelineEntry.campaign_id == loser.id)).all():
        if entry.blogger_id in kept:
            merge_entries(session, user, entry, kept[entry.blogger_id])
            moved["entries merged"] += 1
            continue
        old = session.get(Stage, entry.stage_id)
        new = by_kind.get(old.kind) or by_name.get(old.name.lower()) or stages[0]
        if new.name != old.name:
            session.add(StageChange(entry_id=entry.id, from_stage_name=old.name, to_stage_id=new.id,
                                    to_stage_name=new.name, changed_by_id=user.id))
        entry.campaign_id, entry.stage_id = keeper.id, new.id
        session.add(entry)
        moved["entries"] += 1
    session.flush()
    members = set(session.exec(select(CampaignMember.user_id).where(CampaignMember.campaign_id == keeper.id)))
    for user_id in session.exec(select(CampaignMember.user_id).where(CampaignMember.campaign_id == loser.id)).all():
        if user_id not in members:
            session.add(CampaignMember(campaign_id=keeper.id, user_id=user_id))
    files = move_files(session, loser.id, keeper.id, loser.name)
    if files:
        moved["files"] = files
    session.flush()
    audit.record(session, user, "merged_campaign", "campaign", keeper.id, merged=loser.id, name=loser.name, **moved)
    delete_campaign(session, user, loser)
    return moved


def blog_counts(session: Session, blog: Blog) -> dict[str, int]:
    """What deleting the blog would delete: its posts and the mentions found in them."""
    return {"posts": count_rows(session, Post, Post.blog_id == blog.id),
            "mentions": count_rows(session, Mention, Mention.blog_id == blog.id)}


def delete_blog(session: Session, user: User, blog: Blog) -> dict[str, int]:
    """Delete a blog with its posts; its blogger, their entries and notes stay."""
    counts = blog_counts(session, blog)
    audit.record(session, user, "deleted", "blog", blog.id, url=blog.feed_url, **counts)
    session.execute(delete(Blog).where(Blog.id == blog.id).execution_options(synchronize_session=False))
    record_blog_removal(session, 1)
    session.expunge(blog)
    return counts


def niche_counts(session: Session, niche: Niche) -> dict[str, int]:
    """What refers to the niche: the campaigns that use it (they keep running without), its seeds
    and the verdicts on its ranked blogs."""
    return {"campaigns": count_rows(session, Campaign, Campaign.niche_id == niche.id),
            "seeds": count_rows(session, NicheSeed, NicheSeed.niche_id == niche.id),
            "verdicts": count_rows(session, NicheFit, NicheFit.niche_id == niche.id)}


def niche_campaign_names(session: Session, niche: Niche) -> list[str]:
    return list(session.exec(select(Campaign.name).where(Campaign.niche_id == niche.id).order_by(Campaign.name)))


def remove_niche(session: Session, user: User, niche: Niche) -> dict[str, int]:
    counts = niche_counts(session, niche)
    audit.record(session, user, "deleted", "niche", niche.id, name=niche.name, **counts)
    delete_niche(session, niche.name)
    return counts


def merge_niches(session: Session, user: User, loser: Niche, keeper: Niche) -> dict[str, int]:
    """Fold one niche into another: its campaigns, seeds and verdicts move (the kept niche's
    verdict on a blog stays), keywords and exclusions join."""
    if loser.id == keeper.id:
        raise MergeError("Choose another niche to merge into.")
    moved = {"campaigns": repoint(session, Campaign, "niche_id", loser.id, keeper.id),
             "seeds": repoint(session, NicheSeed, "niche_id", loser.id, keeper.id),
             "verdicts": move_fits(session, "niche_id", loser.id, keeper.id)}
    weights = {keyword["term"]: keyword for keyword in keeper.keywords}
    for keyword in loser.keywords:
        if keyword["term"] not in weights or keyword.get("weight", 1) > weights[keyword["term"]].get("weight", 1):
            weights[keyword["term"]] = keyword
    keeper.keywords = list(weights.values())
    keeper.exclusions = list(dict.fromkeys([*keeper.exclusions, *loser.exclusions]))
    session.add(keeper)
    audit.record(session, user, "merged_niche", "niche", keeper.id, merged=loser.id, name=loser.name, **moved)
    session.flush()
    delete_niche(session, loser.name)
    return moved
