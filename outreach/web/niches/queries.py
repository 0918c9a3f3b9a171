"""Named queries of the niche pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from outreach.core.models import Blog, Blogger, Campaign, Niche, PipelineEntry
from outreach.web.db import get_or_404


def get_niche_or_404(session: Session, niche_id: int) -> Niche:
    return get_or_404(session, Niche, niche_id)


def blogger_ids_by_blog(session: Session, blog_ids: list[int]) -> dict[int, int]:
    """Each blog's blogger, for links to their profiles."""
    if not blog_ids:
        return {}
    return {blog_id: blogger_id for blog_id, blogger_id in session.exec(
        select(Blog.id, Blog.blogger_id).where(Blog.id.in_(blog_ids))) if blogger_id is not None}


def channels_by_blog(session: Session, blog_ids: list[int]) -> dict[int, tuple[str, dict, int | None]]:
    """Each ranked channel's platform, details (its engagement among them) and followers: shown
    beside the rank, never part of it."""
    if not blog_ids:
        return {}
    return {blog_id: (platform, details or {}, followers) for blog_id, platform, details, followers in session.exec(
        select(Blog.id, Blog.platform, Blog.details, Blog.followers).where(Blog.id.in_(blog_ids)))}


@dataclass
class RankingBadges:
    """What a ranked blogger's row says beside the score: do-not-contact, and the campaigns
    (that the person may open) they are in already."""

    do_not_contact: bool = False
    reason: str = ""
    campaigns: list[tuple[int, str]] = field(default_factory=list)


def ranking_badges(session: Session, blog_ids: list[int], campaign_ids: set[int]) -> dict[int, RankingBadges]:
    """Badges per blog id, for the ranked blogs."""
    badges = {blog_id: RankingBadges() for blog_id in blog_ids}
    if not blog_ids:
        return badges
    for blog_id, listed, reason in session.exec(
            select(Blog.id, Blogger.do_not_contact, Blogger.do_not_contact_reason)
            .join(Blogger, Blogger.id == Blog.blogger_id).where(Blog.id.in_(blog_ids))):
        badges[blog_id].do_not_contact, badges[blog_id].reason = bool(listed), reason
    if campaign_ids:
        for blog_id, campaign_id, name in session.exec(
                select(Blog.id, Campaign.id, Campaign.name)
                .join(PipelineEntry, PipelineEntry.blogger_id == Blog.blogger_id)
                .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
                .where(Blog.id.in_(blog_ids), Campaign.id.in_(campaign_ids)).order_by(Campaign.name)):
            badges[blog_id].campaigns.append((campaign_id, name))
    return badges
