"""Crawled HTML made safe to show, and turned into plain text for scoring."""

from __future__ import annotations

import html as html_lib
import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}
BLOCK_BREAK = re.compile(r"<\s*(br|/p|/div|/li|/h\d|/blockquote|/tr|/pre)\b[^>]*>", re.IGNORECASE)
WHITESPACE = re.compile(r"[ \t\r\f\v]+")
BLANK_LINES = re.compile(r"\n\s*\n+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_html(html: str) -> str:
    """A small safe subset of HTML: no scripts, styles, event handlers or javascript: URLs."""
    return nh3.clean(
        strip_control(html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def html_to_text(html: str) -> str:
    """Readable plain text: tags dropped, entities decoded, paragraphs kept as line breaks."""
    marked = BLOCK_BREAK.sub("\n", html or "")
    bare = nh3.clean(marked, tags=set(), clean_content_tags={"script", "style"})
    text = html_lib.unescape(bare)
    text = WHITESPACE.sub(" ", strip_control(text))
    return BLANK_LINES.sub("\n\n", text).strip()


def strip_control(text: str) -> str:
    """Drop NUL and other control characters: PostgreSQL refuses NUL in text."""
    return CONTROL.sub("", text)
