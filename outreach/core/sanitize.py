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
    html = strip_control(html or "")
    if html.count("<") > MAX_DEPTH and nested_deeper_than(html, MAX_DEPTH):
        # The sanitiser's time grows with the square of the nesting: 100,000 nested <div>s held
        # one post for minutes. No page nests so deep; keep the words.
        html = "<p>" + html_lib.escape(" ".join(html_lib.unescape(TAG.sub(" ", html)).split())) + "</p>"
    return CLEANER.clean(html)


MAX_DEPTH = 512  # as deep as browsers build a page's tree
OPEN_OR_CLOSE = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def nested_deeper_than(html: str, limit: int) -> bool:
    """Whether the tags nest deeper than the limit; a closing tag closes only an open one of its
    name, as parsers do (so stray closing tags cannot hide the depth)."""
    stack: list[str] = []
    open_names: dict[str, int] = {}
    for match in OPEN_OR_CLOSE.finditer(html):
        name = match.group(2).lower()
        if not match.group(1):
            if name not in VOID:
                stack.append(name)
                open_names[name] = open_names.get(name, 0) + 1
                if len(stack) > limit:
                    return True
        elif open_names.get(name):
            while (closed := stack.pop()) != name:
                open_names[closed] -= 1
            open_names[name] -= 1
    return False


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
