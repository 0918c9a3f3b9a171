"""Adding a blog from a homepage or feed URL: find its feed, never store it twice."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from sqlmodel import Session, select

from crawlers.discover import feed_links, is_xml_document, probe_urls, soup_of
from crawlers.fetch import Fetcher, FetchError, FetchResult
from crawlers.parse import Feed, FeedError, parse_feed
from crawlers.platforms import PlatformMatch, match_platform
from outreach.core.blog_intake import create_blog
from outreach.core.models import Blog
from outreach.core.urls import BadUrl, normalise_url

HTML_TYPES = ("text/html", "application/xhtml+xml")


class AddBlogError(ValueError):
    """A blog cannot be added: the message says why, in a sentence for a person."""


@dataclass
class Discovery:
    feed_url: str
    homepage_url: str
    feed: Feed | None  # None when a platform's rules gave the feed's address without reading it
    kind: str = "blog"  # one of PLATFORMS
    details: dict = field(default_factory=dict)


def discover_source(fetcher: Fetcher, url: str) -> Discovery:
    """A platform's feed by its rules (reading its profile page or lookup only when the URL lacks
    what the feed's address needs), else discover_feed. The feed itself is read by the refresh,
    which records a refusal or a limit as that. Raises AddBlogError."""
    try:
        url = normalise_url(url)
    except BadUrl as error:
        raise AddBlogError(str(error)) from None
    matched = match_platform(url, fetcher.options.platform_bases)
    if matched is None:
        return discover_feed(fetcher, url)
    feed_url = platform_feed_url(fetcher, matched)
    return Discovery(feed_url, url, None, matched.rule.kind, {"platform": matched.rule.name})


def platform_feed_url(fetcher: Fetcher, matched: PlatformMatch) -> str:
    """The feed's address: from the URL alone, or with a value read from the profile page or a lookup."""
    rule = matched.rule
    if not matched.missing:
        return normalise_url(matched.address(rule.feed))
    if rule.page_pattern:
        page = platform_answer(fetcher, matched.url, rule.name, page=True)
        found = re.search(rule.page_pattern, page.body.decode("utf-8", "replace"))
        if found is None:
            raise AddBlogError(f"{matched.url} does not name its {rule.name} feed")
        return normalise_url(matched.address(rule.feed, **found.groupdict()))
    answer = platform_answer(fetcher, matched.address(rule.lookup), rule.name, page=False)
    try:
        results = json.loads(answer.body).get("results") or [{}]
        return normalise_url(str(results[0].get(rule.lookup_field) or ""))
    except (ValueError, AttributeError, BadUrl):
        raise AddBlogError(f"{rule.name} gives no feed for {matched.url}") from None


def platform_answer(fetcher: Fetcher, url: str, platform: str, *, page: bool) -> FetchResult:
    """A platform's page or lookup, its refusals said in a sentence."""
    try:
        result = fetcher.get(url, page=page)
    except FetchError as error:
        raise AddBlogError(str(error)) from None
    if result.status >= 400:
        raise AddBlogError(f"{platform} answered HTTP {result.status} for {url}{refusal_reason(result.status)}")
    return result


def refusal_reason(status: int) -> str:
    """What a platform's refusal means, for a person."""
    return {401: ": it shows nothing without signing in", 403: ": it shows nothing without signing in",
            404: ": no such account or channel", 410: ": the account or channel was removed",
            429: ": it is limiting requests, try again later"}.get(status, "")


def looks_like_html(result: FetchResult) -> bool:
    """A web page, by its type or its first bytes; a feed wrongly served as text/html is not one."""
    if is_xml_document(result.body):
        return False
    return result.content_type in HTML_TYPES or result.body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))


def discover_feed(fetcher: Fetcher, url: str) -> Discovery:
    """From a homepage or a feed URL to the blog's main feed. Raises AddBlogError."""
    try:
        url = normalise_url(url)
    except BadUrl as error:
        raise AddBlogError(str(error)) from None
    try:
        result = fetcher.get(url)
    except FetchError as error:
        raise AddBlogError(str(error)) from None
    if result.status >= 400:
        raise AddBlogError(f"{url} answered HTTP {result.status}")
    if not looks_like_html(result):
        try:
            feed = parse_feed(result.body, result.headers, result.url)
        except FeedError as error:
            raise AddBlogError(f"{url} is neither a page nor a feed: {error}") from None
        return Discovery(result.url, homepage_of(feed, result.url), feed, feed.kind or "blog", feed.details)
    soup = soup_of(result.body)
    declared = feed_links(soup, result.url)
    for candidate in declared + [probe for probe in probe_urls(result.url) if probe not in declared]:
        found = try_feed(fetcher, candidate)
        if found is not None:
            feed_url, feed = found
            return Discovery(feed_url, feed.link or result.url, feed, feed.kind or "blog", feed.details)
    raise AddBlogError(f"no feed found at {url}: the page declares none and none of the usual "
                       "places (/feed, /rss.xml, /atom.xml, ...) holds one")


def try_feed(fetcher: Fetcher, url: str) -> tuple[str, Feed] | None:
    try:
        result = fetcher.get(url)
        if result.status >= 400 or looks_like_html(result):
            return None
        feed = parse_feed(result.body, result.headers, result.url)
    except (FetchError, FeedError):
        return None
    return (result.url, feed) if feed.entries or feed.title else None


def homepage_of(feed: Feed, feed_url: str) -> str:
    try:
        return normalise_url(feed.link) if feed.link else ""
    except BadUrl:
        return ""


def existing_blog(session: Session, feed_url: str) -> Blog | None:
    return session.exec(select(Blog).where(Blog.feed_url == feed_url)).first()


def add_blog(session: Session, url: str, fetcher: Fetcher, *, source: str = "url", tags: list[str] = (),
             name: str = "", notes: str = "", added_by_id: int | None = None) -> tuple[Blog, bool]:
    """Find the feed and add the blog with a blogger; returns (blog, created). The caller commits."""
    discovery = discover_source(fetcher, url)
    feed_url = normalise_url(discovery.feed_url)
    blog = existing_blog(session, feed_url)
    if blog is not None:
        return blog, False
    feed = discovery.feed or read_feed_now(fetcher, feed_url, discovery.details.get("platform", ""))
    feed_author = feed.author or next((entry.author for entry in feed.entries if entry.author), "")
    return create_blog(session, feed_url, discovery.homepage_url or homepage_of(feed, feed_url), feed.title,
                       source=source, tags=tags, name=name or feed_author,
                       name_source="added by hand" if name else "feed author", notes=notes, added_by_id=added_by_id,
                       platform=feed.kind if discovery.kind == "blog" and feed.kind else discovery.kind,
                       details={**discovery.details, **feed.details}), True


def read_feed_now(fetcher: Fetcher, feed_url: str, platform: str) -> Feed:
    """A platform's feed read while adding it by hand, for its title and author."""
    answer = platform_answer(fetcher, feed_url, platform or "the server", page=False)
    try:
        return parse_feed(answer.body, answer.headers, answer.url)
    except FeedError as error:
        raise AddBlogError(f"{feed_url} is not a feed: {error}") from None
