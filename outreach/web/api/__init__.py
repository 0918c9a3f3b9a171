"""The JSON API under /api/v1/, with personal token authentication."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from outreach.web.api import (  # noqa: E402,F401  (operations register on import)
    blocked_domain_views,
    bulk_views,
    campaign_setup_views,
    campaign_views,
    data_rights_views,
    discovery_views,
    file_views,
    follow_up_views,
    hook_views,
    listening_views,
    mail_views,
    niche_views,
    note_views,
    reply_views,
    views,
)
from outreach.web.api.http import register_operations  # noqa: E402

register_operations(bp)
