"""Who may see and change what: the role rules of the pages, the API and the CLI, in one place."""

from __future__ import annotations

from sqlmodel import Session, select

from outreach.core.models import Campaign, CampaignMember, User

MANAGING_ROLES = frozenset({"admin", "manager"})


def is_admin(user: User) -> bool:
    """Admins also manage users, the do-not-contact list and the audit log."""
    return user.role == "admin"


def can_manage(user: User) -> bool:
    """Managers and admins see and edit every campaign, its settings and the dashboard."""
    return user.role in MANAGING_ROLES


def can_work_campaign(session: Session, user: User, campaign_id: int) -> bool:
    """Managers and admins work every campaign; staff only those they are members of."""
    if can_manage(user):
        return True
    return session.get(CampaignMember, (campaign_id, user.id)) is not None


def visible_campaigns(user: User):
    """A select() of the campaigns this user may open."""
    statement = select(Campaign).order_by(Campaign.is_archived, Campaign.name)
    if can_manage(user):
        return statement
    return statement.join(CampaignMember, CampaignMember.campaign_id == Campaign.id).where(
        CampaignMember.user_id == user.id
    )
