"""Listening pages: brand monitors, the stream of mentions, the voices behind them, and alerts."""

from flask import Blueprint

bp = Blueprint("listening", __name__)

from outreach.web.listening import monitor_views, views  # noqa: E402,F401  (routes register on import)
