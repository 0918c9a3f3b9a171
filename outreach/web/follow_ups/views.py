"""My follow-ups: the signed-in person's due and overdue follow-ups across campaigns."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from outreach.core.follow_ups import count_due, due_follow_ups
from outreach.core.models import utc_today
from outreach.web.db import get_session
from outreach.web.follow_ups import bp


@bp.route("/")
def index():
    today = utc_today()
    items = due_follow_ups(get_session(), current_user.id, today)
    return render_template("follow_ups/index.html", items=items, today=today)


@bp.app_context_processor
def inject_due_count():
    """The menu's badge, on every page."""
    if not current_user.is_authenticated:
        return {}
    return {"due_follow_up_count": count_due(get_session(), current_user.id, utc_today())}
