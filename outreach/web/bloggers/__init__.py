"""The blogs directory and blogger profiles."""

from flask import Blueprint

bp = Blueprint("bloggers", __name__)

from outreach.web.bloggers import channel_views, saved_views, views  # noqa: E402,F401  (routes register on import)
from outreach.web.bloggers.rows import directory_rows_html  # noqa: E402

bp.add_app_template_global(directory_rows_html)

from outreach.core.engagement import figures, source_label  # noqa: E402

bp.add_app_template_global(figures, "engagement_figures")
bp.add_app_template_global(source_label, "engagement_source")
