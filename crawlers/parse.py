"""Feeds to records: pure functions from fetched bytes and headers to a feed and its entries.

feedparser reads RSS and Atom (we do the HTTP ourselves and hand it the bytes and headers);
JSON Feed is read here. Nothing is fetched and nothing is stored.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial

import feedparser

from crawlers.parse_media import feed_kind_and_details, is_video, media_counts
from outreach.core.sanitize import clean_html, clean_html_to_text, html_to_text, strip_control
from outreach.core.urls import join_url

log = logging.getLogger(__name__)
MAX_KEY = 512
URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
MAX_TITLE = 1000
PLAIN_URL_BREAKERS = "?#;:[]\t\r\n\\"


class FeedError(ValueError):
    """The bytes hold no feed entries; the message says what was found instead."""


@dataclass
class Entry:
    """One post as a feed describes it."""

    key: str
    url: str
    title: str
    author: str
    published_at: datetime | None
    updated_at: datetime | None
    content_html: str
    text: str
    content_hash: str
    comment_count: int | None = None
    tags: list[str] = field(default_factory=list)
    views: int | None = None  # a video's, where its feed publishes them
    likes: int | None = None  # a video's ratings
    duration_seconds: int | None = None


@dataclass
class Feed:
    """A parsed feed: its own details and its entries."""

    title: str = ""
    link: str = ""
    description: str = ""
    author: str = ""
    entries: list[Entry] = field(default_factory=list)
    malformed: str = ""  # feedparser's complaint, when the feed was not well-formed
    kind: str = ""  # what the feed itself shows it is: "youtube", "podcast", or "" for any other
    details: dict = field(default_factory=dict)  # what it says of the channel (a show's categories)


def parse_feed(body: bytes, headers: dict[str, str] | None = None, url: str = "") -> Feed:
    """Parse RSS, Atom or JSON Feed bytes. Raises FeedError when nothing usable is there."""
    try:
        return read_feed(body, headers, url)
    except FeedError:
        raise
    except Exception as error:
        # A parser that breaks on hostile bytes (JSON nested 100,000 deep, a character
        # reference to no character) has found no feed there: the blog's error, not the crawl's.
        log.warning("feed at %s broke the parser", url or "(no URL)", exc_info=True)
        raise FeedError(f"not a readable feed: the parser failed on it ({type(error).__name__}: "
                        f"{first_line(str(error))[:200]})") from None


def read_feed(body: bytes, headers: dict[str, str] | None, url: str) -> Feed:
    headers = {key.lower(): value for key, value in (headers or {}).items()}
    content_type = headers.get("content-type", "").lower()
    stripped = body.lstrip()[:1]
    if "json" in content_type or stripped in (b"{", b"["):
        return parse_json_feed(body, url)
    parsed = run_feedparser(body, headers)
    if url and "content-location" not in headers and any(has_relative_id(item) for item in parsed.entries):
        # A relative GUID: feedparser joins it to the feed's address when it is a permalink, and
        # only it knows which are. Given that address for every feed, it would join every
        # element's xml:base to it, a quarter of its time; links we make absolute ourselves.
        parsed = run_feedparser(body, {**headers, "content-location": url})
    malformed = str(parsed.get("bozo_exception", "")) if parsed.get("bozo") else ""
    if not parsed.entries:
        if malformed:
            raise FeedError(f"not a feed ({first_line(malformed)})")
        if not parsed.get("version"):
            raise FeedError("not a feed: no RSS, Atom or JSON Feed found")
        return Feed(title=text_of(parsed.feed.get("title")), link=absolute(parsed.feed.get("link"), url))
    base = absolute(parsed.feed.get("link"), url) or url
    feed = Feed(
        title=text_of(parsed.feed.get("title")),
        link=base if parsed.feed.get("link") else "",
        description=text_of(parsed.feed.get("subtitle") or parsed.feed.get("description")),
        author=text_of(parsed.feed.get("author")),
        malformed=malformed,
    )
    feed.kind, feed.details = feed_kind_and_details(parsed)
    seen: set[str] = set()
    for item in parsed.entries:
        entry = feedparser_entry(item, url or base)
        if entry.key in seen:
            continue  # the same GUID twice in one feed: keep the first, as readers do
        seen.add(entry.key)
        feed.entries.append(entry)
    return feed


def run_feedparser(body: bytes, headers: dict[str, str]):
    # Our sanitiser (nh3) cleans the HTML; feedparser's own is slow and would run twice.
    parse = partial(feedparser.parse, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    try:
        return parse(body)
    except ValueError:
        # feedparser's loose parser turns a reference to a surrogate or to past U+10FFFF
        # (&#xD800;) into a character it cannot encode. Rare: mend the references and read again.
        return parse(NO_CHARACTER_REFERENCE.sub(replacement_reference, body))


SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
SURROGATE = re.compile("[\ud800-\udfff]")
NO_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def replacement_reference(match: re.Match) -> bytes:
    """U+FFFD's reference for a reference to no character; any other reference as it was."""
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    return b"&#xFFFD;" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match.group(0)


def has_relative_id(item) -> bool:
    guid = dict.get(item, "id") or ""  # feedparser keeps an RSS guid as "id" too
    return bool(guid) and not URI_SCHEME.match(guid)


def feedparser_entry(item, base: str) -> Entry:
    # dict.get, not feedparser's get(): these are its own keys, and its key mapping (which also
    # turns a missing date into the other one, with a warning) costs more than the lookup.
    field = partial(dict.get, item)
    link = absolute(field("link"), base)
    content = ""
    if field("content"):
        content = max((part.get("value", "") for part in item.content), key=len)
    if not content:
        content = field("summary", "")
        if is_video(item):  # a video's description is plain text: keep its paragraphs
            content = escape_text(content)
    counts = media_counts(item)
    entry = make_entry(
        guid=field("id") or "",
        url=link,
        title=text_of(field("title")),
        author=text_of(field("author")),
        published=struct_time_to_datetime(field("published_parsed")),
        updated=struct_time_to_datetime(field("updated_parsed")),
        html=content,
        comments=first_int(field("slash_comments"), field("thr_total")),
        tags=[text_of(tag.get("term")) for tag in field("tags", ()) if tag.get("term")],
    )
    entry.views, entry.likes, entry.duration_seconds = counts.views, counts.likes, counts.duration_seconds
    return entry


def parse_json_feed(body: bytes, url: str = "") -> Feed:
    """JSON Feed 1.0 and 1.1 (https://jsonfeed.org/)."""
    try:
        document = json.loads(body.decode("utf-8-sig", "replace"))
        if SURROGATE_ESCAPE.search(body):
            # A lone "\ud800" decodes to half a character, which no database stores: U+FFFD instead.
            document = json.loads(SURROGATE.sub("\ufffd", json.dumps(document, ensure_ascii=False)))
    except ValueError as error:
        raise FeedError(f"not a feed: invalid JSON ({error})") from None
    except RecursionError:
        raise FeedError("not a feed: JSON nested too deeply to read") from None
    if not isinstance(document, dict) or "jsonfeed.org" not in str(document.get("version", "")):
        raise FeedError("not a feed: JSON without a JSON Feed version")
    home = absolute(document.get("home_page_url"), url)
    authors = document.get("authors") or ([document["author"]] if isinstance(document.get("author"), dict) else [])
    feed = Feed(title=text_of(document.get("title")), link=home, description=text_of(document.get("description")),
                author=text_of(authors[0].get("name")) if authors and isinstance(authors[0], dict) else "")
    seen: set[str] = set()
    for item in document.get("items") or []:
        if not isinstance(item, dict):
            continue
        link = absolute(item.get("url"), url)
        entry = make_entry(
            guid=str(item.get("id") or ""), url=link, title=text_of(item.get("title")),
            author=feed.author, published=iso_datetime(item.get("date_published")),
            updated=iso_datetime(item.get("date_modified")),
            html=str(item.get("content_html") or "") or escape_text(str(item.get("content_text") or "")),
            comments=None,
            tags=[text_of(tag) for tag in item.get("tags") or [] if isinstance(tag, str)],
        )
        if entry.key not in seen:
            seen.add(entry.key)
            feed.entries.append(entry)
    return feed


def make_entry(*, guid, url, title, author, published, updated, html, comments, tags) -> Entry:
    """Build an entry: sanitised HTML, plain text, a stable key and a hash to notice edits."""
    safe = clean_html(html)
    text = clean_html_to_text(safe)
    tags = [tag[:100] for tag in tags if tag][:30]
    digest = hashlib.sha256(f"{title}\n{safe}".encode("utf-8", "replace")).hexdigest()
    key = strip_control(str(guid).strip()) or url or digest
    if len(key) > MAX_KEY:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    if tags:  # tags are indexed with the post, so new tags are an edit; untagged posts hash as before
        tagged = "\x1f".join([digest, *tags])
        digest = hashlib.sha256(tagged.encode("utf-8", "replace")).hexdigest()
    return Entry(key=key, url=url[:2048], title=title[:MAX_TITLE], author=author[:300], published_at=published,
                 updated_at=updated, content_html=safe, text=text, content_hash=digest, comment_count=comments,
                 tags=tags)


def absolute(link, base: str) -> str:
    """The link as an absolute http(s) URL, or "" when it cannot be one."""
    if not link or not isinstance(link, str):
        return ""
    link = link.strip()
    if is_plain_absolute(link):
        return link  # what urljoin would give, at a tenth of its cost (every entry has a link)
    joined = join_url(base, link) or ""  # None: a hostile feed's malformed link, base or not
    return joined if joined.startswith(("http://", "https://")) else ""


def is_plain_absolute(link: str) -> bool:
    """An http(s) URL with a host and none of what urljoin would rewrite or refuse (a query,
    fragment or parameters, a bracketed host or a port, tabs or line breaks)."""
    rest = link[8:] if link.startswith("https://") else link[7:] if link.startswith("http://") else ""
    return bool(rest) and rest[0] != "/" and not any(character in rest for character in PLAIN_URL_BREAKERS)


def text_of(value) -> str:
    """Feed text fields as plain, clean text (titles may carry markup or entities)."""
    if not value or not isinstance(value, str):
        return ""
    if "<" in value or "&" in value:
        value = html_to_text(value)
    return " ".join(strip_control(value).split())


def escape_text(text: str) -> str:
    from html import escape

    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in text.split("\n\n") if paragraph.strip())


def struct_time_to_datetime(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    except (OverflowError, ValueError, OSError):
        return None


def iso_datetime(value) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def first_int(*values) -> int | None:
    for value in values:
        if value is None:  # the usual case: no count in the feed (an exception costs more)
            continue
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            continue
        if 0 <= number < 10**9:
            return number
    return None


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
