"""The blogs directory and blogger profiles."""

from flask import Blueprint

bp = Blueprint("bloggers", __name__)

from outreach.web.bloggers import (  # noqa: E402,F401  (routes register on import)
    channel_views,
    discovery_views,
    field_views,
    saved_views,
    views,
)
from outreach.web.bloggers.rows import directory_rows_html  # noqa: E402

bp.add_app_template_global(directory_rows_html)

from outreach.core.engagement import figures, platform_label, source_label  # noqa: E402

bp.add_app_template_global(figures, "engagement_figures")
bp.add_app_template_global(source_label, "engagement_source")
bp.add_app_template_global(platform_label)

from outreach.core.languages import language_name  # noqa: E402

bp.add_app_template_global(language_name)
