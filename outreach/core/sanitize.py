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
# nh3 writes tags in one canonical form (lower case, attributes in double quotes, every "<"
# of text escaped), so plain patterns read its output exactly: no second HTML parse is needed.
BLOCK_END = re.compile(r"<(?:br|/p|/li|/h[1-6]|/blockquote|/tr|/pre|/figcaption)>")
TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTERS = tuple(chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def make_cleaner(tags: set[str]) -> nh3.Cleaner:
    """A sanitiser for these tags, with the one policy for attributes, URL schemes and links.
    Build it once: nh3.clean() rebuilt its rules on every call, half the time of a clean."""
    return nh3.Cleaner(
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


CLEANER = make_cleaner(ALLOWED_TAGS)


def clean_html(html: str) -> str:
    """A small safe subset of HTML: no scripts, styles, event handlers or javascript: URLs."""
    return CLEANER.clean(strip_control(html or ""))


def html_to_text(html: str) -> str:
    """Readable plain text: tags dropped, entities decoded, paragraphs kept as line breaks."""
    return clean_html_to_text(clean_html(html))


def clean_html_to_text(safe: str) -> str:
    """The plain text of HTML that clean_html has already made safe (one sanitiser pass per post)."""
    text = strip_control(html_lib.unescape(TAG.sub("", BLOCK_END.sub("\n", safe))))
    lines, blank = [], False
    for line in text.split("\n"):
        if not tidy(line):
            line = " ".join(line.split())
        if not line:
            blank = True
            continue
        if lines:
            lines.append("\n\n" if blank else "\n")
        lines.append(line)
        blank = False
    return "".join(lines)


def tidy(line: str) -> bool:
    """Whether a line already has its words one space apart, with none around them."""
    # Splitting and joining every line made an object of every word; most lines need neither.
    # Every space but the ASCII one is unprintable, so a printable line holds no other.
    return line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " "


def strip_control(text: str) -> str:
    """Drop NUL and other control characters: PostgreSQL refuses NUL in text."""
    # Looking for each character (memchr) is several times quicker than the pattern's scan, and
    # text almost never holds one: every post's HTML and text pass through here.
    for character in CONTROL_CHARACTERS:
        if character in text:
            return CONTROL.sub("", text)
    return text
