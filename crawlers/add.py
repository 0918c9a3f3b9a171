"""Adding a blog from a homepage or feed URL: find its feed, never store it twice."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from crawlers.discover import feed_links, is_xml_document, probe_urls, soup_of
from crawlers.fetch import Fetcher, FetchError, FetchResult
from crawlers.parse import Feed, FeedError, parse_feed
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
    feed: Feed


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
        return Discovery(result.url, homepage_of(feed, result.url), feed)
    soup = soup_of(result.body)
    declared = feed_links(soup, result.url)
    for candidate in declared + [probe for probe in probe_urls(result.url) if probe not in declared]:
        found = try_feed(fetcher, candidate)
        if found is not None:
            feed_url, feed = found
            return Discovery(feed_url, feed.link or result.url, feed)
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
    discovery = discover_feed(fetcher, url)
    feed_url = normalise_url(discovery.feed_url)
    blog = existing_blog(session, feed_url)
    if blog is not None:
        return blog, False
    feed_author = discovery.feed.author or next((entry.author for entry in discovery.feed.entries if entry.author), "")
    return create_blog(session, feed_url, discovery.homepage_url, discovery.feed.title, source=source,
                       tags=tags, name=name or feed_author, name_source="added by hand" if name else "feed author",
                       notes=notes, added_by_id=added_by_id), True
