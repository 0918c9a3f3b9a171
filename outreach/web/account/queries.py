"""Named queries of the account pages."""

from __future__ import annotations

from flask import abort
from sqlmodel import Session

from outreach.core.models import ApiToken, User
from outreach.web.db import get_or_404


def get_own_token_or_404(session: Session, token_id: int, user: User) -> ApiToken:
    """One of this user's tokens; someone else's is not found either."""
    token = get_or_404(session, ApiToken, token_id)
    if token.user_id != user.id:
        abort(404)
    return token
