"""A campaign started from another: its settings, stages, members, follow-up sequence and files, and,
if asked, its bloggers shortlisted afresh (every one, or those it won), for a brand's next round."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.campaign_files import copy_files
from outreach.core.campaigns import campaign_member_ids, create_campaign, set_members
from outreach.core.errors import Refused
from outreach.core.models import Blogger, Campaign, PipelineEntry, SequenceStep, User
from outreach.core.pipeline import add_blogger_to_campaign
from outreach.core.reports import WIN_STAGE_KINDS
from outreach.core.stages import campaign_stages

COPIED_FIELDS = ("brand", "description", "niche_id", "brand_terms", "brand_sites", "avoid_terms", "coverage_stage_kind",
                 "coverage_goal", "budget", "budget_currency", "pitches_need_approval")
BLOGGER_CHOICES = ("none", "all", "won")  # which of its bloggers the copy shortlists


@dataclass
class CampaignCopy:
    campaign: Campaign
    shortlisted: int = 0
    skipped: list[str] = field(default_factory=list)  # bloggers not shortlisted, with why


def copy_campaign(session: Session, user: User, source: Campaign, name: str, bloggers: str = "none") -> CampaignCopy:
    """The new campaign, with the source's settings, stages (names and kinds, in order), members,
    sequence and files; its bloggers as asked, each in the first stage, the do-not-contact list holding.
    The caller commits."""
    if bloggers not in BLOGGER_CHOICES:
        raise Refused(f"Choose which bloggers to bring: {', '.join(BLOGGER_CHOICES)}.")
    stages = campaign_stages(session, source.id)
    campaign = create_campaign(session, user, name, stages=[(stage.name, stage.kind) for stage in stages],
                               **{key: getattr(source, key) for key in COPIED_FIELDS})
    set_members(session, campaign, campaign_member_ids(session, source.id), keep=user.id)
    for step in session.exec(select(SequenceStep).where(SequenceStep.campaign_id == source.id)):
        session.add(SequenceStep(campaign_id=campaign.id, position=step.position, delay_days=step.delay_days, working_days=step.working_days,
                                 subject=step.subject, body=step.body))
    copy_files(session, source.id, campaign.id)
    result = CampaignCopy(campaign)
    if bloggers != "none":
        kinds = {stage.id: stage.kind for stage in stages}
        entries = session.exec(select(PipelineEntry, Blogger).join(Blogger, Blogger.id == PipelineEntry.blogger_id)
                               .where(PipelineEntry.campaign_id == source.id).order_by(PipelineEntry.id)).all()
        for entry, blogger in entries:
            if bloggers == "won" and kinds.get(entry.stage_id) not in WIN_STAGE_KINDS:
                continue  # "won": the cards standing in Covered or Ongoing relationship now
            if blogger.do_not_contact:
                result.skipped.append(f"{blogger.name or 'A blogger'}: on the do-not-contact list")
                continue
            add_blogger_to_campaign(session, user, campaign, blogger.id, score=entry.score)
            result.shortlisted += 1
    audit.record(session, user, "copied", "campaign", campaign.id, source=source.id, bloggers=bloggers,
                 shortlisted=result.shortlisted)
    return result

