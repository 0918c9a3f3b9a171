"""Admin pages: users, the team-wide do-not-contact list and blocked domains, the event hooks, and
the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from outreach.web.admin import domain_views, hook_views, views  # noqa: E402,F401  (routes register on import)
