"""Finding things in pages: a homepage's feeds, its about and contact pages, and the blogs it
links to (blogroll and post links), proposed as candidates."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from outreach.core.links import Candidate, candidates_from
from outreach.core.urls import join_url, site_of

FEED_TYPES = {
    "application/rss+xml": 0, "application/atom+xml": 0, "application/feed+json": 0,
    "application/json": 1, "application/rdf+xml": 1, "text/xml": 2, "application/xml": 2,
}
COMMON_FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/atom.xml", "/index.xml", "/feed.xml", "/?feed=rss2")
COMMENT_FEED = re.compile(r"comment", re.IGNORECASE)
ABOUT_WORDS = re.compile(r"\b(about|über|a propos|à propos|who am i|meet)\b", re.IGNORECASE)
CONTACT_WORDS = re.compile(r"\b(contact|get in touch|work with me|press|collaborat)", re.IGNORECASE)
BLOGROLL_HINTS = re.compile(r"blogroll|links|friends|reads|follow", re.IGNORECASE)


def soup_of(html: bytes | str) -> BeautifulSoup:
    """The page's soup; an XML document that is no web page (a feed served as text/html) is an
    empty page: it holds no links to follow, and the HTML parser would warn about it at length."""
    return BeautifulSoup(b"" if is_xml_document(html) else html, "lxml")


def is_xml_document(body: bytes | str) -> bool:
    """Whether the body opens with an XML declaration and is not XHTML."""
    head = (body if isinstance(body, bytes) else body.encode("utf-8", "replace"))[:1024].lstrip().lower()
    return head.startswith(b"<?xml") and b"<html" not in head


def page_base(soup: BeautifulSoup, page_url: str) -> str:
    """The URL relative links resolve against: <base href> when the page sets one and it parses."""
    base = soup.find("base", href=True)
    return (join_url(page_url, base["href"]) if base else None) or page_url


def feed_links(soup: BeautifulSoup, page_url: str) -> list[str]:
    """Declared feeds, best first: posts feeds before comment feeds, RSS/Atom/JSON Feed first."""
    base = page_base(soup, page_url)
    found = []
    for order, link in enumerate(soup.find_all("link", href=True)):
        rel = " ".join(link.get("rel") or []).lower()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        url = join_url(base, link["href"])
        if url is None:
            continue  # one unparseable link must not hide the page's other feeds
        label = f"{link.get('title', '')} {link['href']}"
        is_comments = bool(COMMENT_FEED.search(label))
        found.append((is_comments, FEED_TYPES[kind], order, url))
    return [url for *_, url in sorted(found)]


def probe_urls(page_url: str) -> list[str]:
    """Where feeds usually live, when a page declares none."""
    parts = urlsplit(page_url)
    root = f"{parts.scheme}://{parts.netloc}"
    path = parts.path.rstrip("/")
    candidates = [f"{root}{path}{suffix}" for suffix in COMMON_FEED_PATHS] if path else []
    candidates += [f"{root}{suffix}" for suffix in COMMON_FEED_PATHS]
    return list(dict.fromkeys(candidates))


def about_and_contact_links(soup: BeautifulSoup, page_url: str, limit: int) -> list[str]:
    """Links on the same site whose text or path says about or contact, about first."""
    base = page_base(soup, page_url)
    site = site_of(page_url)
    about, contact = [], []
    for link in soup.find_all("a", href=True):
        target = join_url(base, link["href"])
        if target is None or not target.startswith(("http://", "https://")) or site_of(target) != site:
            continue
        label = f"{link.get_text(' ', strip=True)} {urlsplit(target).path}"
        if ABOUT_WORDS.search(label) and target not in about:
            about.append(target)
        elif CONTACT_WORDS.search(label) and target not in contact:
            contact.append(target)
    return (about[:1] + contact[:1] + about[1:] + contact[1:])[:limit]


def blogroll_candidates(soup: BeautifulSoup, page_url: str) -> list[Candidate]:
    """Links to other sites from a page's blogroll-like lists (or from its sidebar)."""
    base = page_base(soup, page_url)
    containers = [tag for tag in soup.find_all(["aside", "section", "div", "ul", "nav"])
                  if BLOGROLL_HINTS.search(" ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
                                           + " " + heading_text(tag))]
    links = [a["href"] for container in containers for a in container.find_all("a", href=True)]
    return candidates_from(links, base, page_url, "blogroll")


def heading_text(tag) -> str:
    heading = tag.find(["h2", "h3", "h4"])
    return heading.get_text(" ", strip=True) if heading else ""
