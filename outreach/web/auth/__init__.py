"""Sign-in: the login, second-step, password-link and logout pages, the session's user, and the rule
that pages need one."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from outreach.web.auth import password_views, provider_views, views  # noqa: E402,F401  (routes register on import)
