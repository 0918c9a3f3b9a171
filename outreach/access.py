"""Who may see and change what: one place for the role rules of pages and the API."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user
from sqlmodel import Session, select

from outreach.models import Campaign, CampaignMember, User

CAMPAIGN_WIDE_ROLES = frozenset({"admin", "manager"})


def require_role(*roles: str):
    """Answer 403 unless the signed-in user has one of these roles."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def sees_all_campaigns(user: User) -> bool:
    return user.role in CAMPAIGN_WIDE_ROLES


def can_work_campaign(session: Session, user: User, campaign_id: int) -> bool:
    """Managers and admins work every campaign; staff only those they are members of."""
    if sees_all_campaigns(user):
        return True
    return session.get(CampaignMember, (campaign_id, user.id)) is not None


def visible_campaigns(user: User):
    """A select() of the campaigns this user may open."""
    statement = select(Campaign).order_by(Campaign.is_archived, Campaign.name)
    if sees_all_campaigns(user):
        return statement
    return statement.join(CampaignMember, CampaignMember.campaign_id == Campaign.id).where(
        CampaignMember.user_id == user.id
    )
