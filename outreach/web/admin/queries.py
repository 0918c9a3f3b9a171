"""Named queries of the admin pages."""

from __future__ import annotations

from sqlmodel import Session

from outreach.core.models import User
from outreach.web.db import get_or_404


def get_user_or_404(session: Session, user_id: int) -> User:
    return get_or_404(session, User, user_id)
