"""My follow-ups: the signed-in person's due and overdue follow-ups across campaigns, and their
calendar feed."""

from flask import Blueprint

bp = Blueprint("follow_ups", __name__, url_prefix="/follow-ups")

from outreach.web.follow_ups import calendar_views, views  # noqa: E402,F401  (routes register on import)
