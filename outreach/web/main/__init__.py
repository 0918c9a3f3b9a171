"""The home page: where a signed-in person starts."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from outreach.web.main import views  # noqa: E402,F401  (routes register on import)
