"""The signed-in person's own settings: personal API tokens, the password, two-step sign-in."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from outreach.web.account import two_step_views, views  # noqa: E402,F401  (routes register on import)
