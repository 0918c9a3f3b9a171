"""The managers' dashboard: the pipeline report as numbers, charts and CSV files."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from outreach.web.dashboard import views  # noqa: E402,F401  (routes register on import)
