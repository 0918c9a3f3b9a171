"""The blogs directory and blogger profiles."""

from flask import Blueprint

bp = Blueprint("bloggers", __name__)

from outreach.web.bloggers import saved_views, views  # noqa: E402,F401  (routes register on import)
from outreach.web.bloggers.rows import directory_rows_html  # noqa: E402

bp.add_app_template_global(directory_rows_html)
