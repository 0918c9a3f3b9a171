"""Showing crawled HTML: sanitised again at render time, whatever the database holds."""

from __future__ import annotations

from markupsafe import Markup

from outreach.core.sanitize import ALLOWED_TAGS as CRAWLED_TAGS
from outreach.core.sanitize import make_cleaner

# Defence in depth: the crawler stores sanitised HTML, and the page cleans it again, so a
# row written by an older crawler or by hand can never carry a script into a page. Pages
# keep the crawler's tags but h1, as they always have.
ALLOWED_TAGS = CRAWLED_TAGS - {"h1"}
CLEANER = make_cleaner(ALLOWED_TAGS)


def safe_html(html: str | None) -> Markup:
    """Crawled HTML cleaned to a small safe subset, links made nofollow."""
    return Markup(CLEANER.clean(html or ""))


def init_app(app) -> None:
    app.add_template_filter(safe_html, "safe_html")
