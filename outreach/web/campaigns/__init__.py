"""Campaigns: their settings and stages, the board, and each entry's pitch log."""

from flask import Blueprint

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")

from outreach.web.campaigns import (  # noqa: E402,F401  (routes register on import)
    address_views,
    entry_views,
    file_views,
    settings_views,
    share_views,
    stage_views,
    template_views,
    views,
)
from outreach.web.campaigns.cards import board_cards  # noqa: E402

bp.add_app_template_global(board_cards)
