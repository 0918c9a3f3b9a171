"""Showing crawled HTML: sanitised again at render time, whatever the database holds."""

from __future__ import annotations

import nh3
from markupsafe import Markup

# Defence in depth: the crawler stores sanitised HTML, and the page cleans it again, so a
# row written by an older crawler or by hand can never carry a script into a page.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "figcaption", "figure", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "q", "s", "small", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}


# Built once: nh3.clean() rebuilds its rules on every call (half the time of a clean).
CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
)


def safe_html(html: str | None) -> Markup:
    """Crawled HTML cleaned to a small safe subset, links made nofollow."""
    return Markup(CLEANER.clean(html or ""))


def init_app(app) -> None:
    app.add_template_filter(safe_html, "safe_html")
