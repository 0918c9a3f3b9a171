"""Sign-in: the login and logout pages, the session's user, and the rule that pages need one."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from outreach.web.auth import views  # noqa: E402,F401  (routes register on import)
