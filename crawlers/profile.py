"""A blogger's profile from their homepage, about and contact pages: name, emails, social
profiles and location, each with the page and the way it was found."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from crawlers.discover import page_base, soup_of
from outreach.core.sites import NON_PROFILE_PATHS, social_kind
from outreach.core.urls import join_url

EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,24}\b")
# "maya [at] site [dot] com", "maya (at) site (dot) co (dot) uk", "maya{at}site{dot}com"
OBFUSCATED_EMAIL = re.compile(
    r"\b([A-Za-z0-9._%+-]+)\s*[\[\(\{]\s*at\s*[\]\)\}]\s*([A-Za-z0-9-]+(?:\s*[\[\(\{]\s*dot\s*[\]\)\}]\s*[A-Za-z0-9-]+)+)",
    re.IGNORECASE)
DOT = re.compile(r"\s*[\[\(\{]\s*dot\s*[\]\)\}]\s*", re.IGNORECASE)
LOCATION_PHRASE = re.compile(r"\b(?:based in|live in|living in|located in|from)\s+([A-Z][\w .'-]{2,60}?)(?:[.;!\n]|$)")
IGNORED_EMAIL_PARTS = ("example@", "name@", "email@", "you@", "your@", "noreply", "no-reply", "@sentry")


@dataclass
class Found:
    """A detail and where it came from."""

    value: str
    source_url: str
    found_by: str


@dataclass
class Profile:
    name: Found | None = None
    emails: list[Found] = field(default_factory=list)
    socials: list[tuple[str, Found]] = field(default_factory=list)  # (kind, found)
    location: Found | None = None
    about: str = ""


def extract_profile(pages: list[tuple[str, str]], feed_author: str = "", feed_url: str = "") -> Profile:
    """Read every page (url, html) for the details a PR person needs; first find wins."""
    profile = Profile()
    if feed_author:
        profile.name = Found(feed_author, feed_url, "feed author")
    site_name = None
    for url, html in pages:
        soup = soup_of(html)
        base = page_base(soup, url)
        if profile.name is None:
            profile.name = person_name(soup, url)
        site_name = site_name or site_title(soup, url)
        for email in emails_in(soup, url):
            if all(email.value != known.value for known in profile.emails):
                profile.emails.append(email)
        for kind, found in socials_in(soup, base, url):
            if all(found.value != known.value for _, known in profile.socials):
                profile.socials.append((kind, found))
        if profile.location is None:
            profile.location = location_in(soup, url)
        if not profile.about:
            note = soup.select_one(".h-card .p-note, .p-note, .author-bio, .about")
            profile.about = note.get_text(" ", strip=True)[:2000] if note else ""
    if profile.name is None and site_name is not None:
        profile.name = site_name
    return profile


def person_name(soup: BeautifulSoup, url: str) -> Found | None:
    meta = soup.find("meta", attrs={"name": "author"})
    if meta and meta.get("content", "").strip():
        return Found(meta["content"].strip()[:300], url, "meta author")
    for script in soup.find_all("script", type="application/ld+json"):
        name = json_ld_person(script.string or "")
        if name:
            return Found(name[:300], url, "JSON-LD")
    card = soup.select_one(".h-card .p-name, .h-card.p-name")
    if card and card.get_text(strip=True):
        return Found(card.get_text(" ", strip=True)[:300], url, "h-card")
    return None


def json_ld_person(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("@type") == "Person" and isinstance(item.get("name"), str):
            return item["name"].strip()
        author = item.get("author")
        author = author[0] if isinstance(author, list) and author else author
        if isinstance(author, dict) and isinstance(author.get("name"), str):
            return author["name"].strip()
    return ""


def site_title(soup: BeautifulSoup, url: str) -> Found | None:
    meta = soup.find("meta", property="og:site_name")
    if meta and meta.get("content", "").strip():
        return Found(meta["content"].strip()[:300], url, "site name")
    if soup.title and soup.title.get_text(strip=True):
        return Found(soup.title.get_text(" ", strip=True)[:300], url, "page title")
    return None


def emails_in(soup: BeautifulSoup, url: str) -> list[Found]:
    found = []
    for link in soup.find_all("a", href=True):
        if link["href"].lower().startswith("mailto:"):
            address = link["href"][7:].split("?")[0].strip()
            if EMAIL.fullmatch(address) and usable_email(address):
                found.append(Found(address.lower(), url, "mailto link"))
    text = soup.get_text(" ", strip=True)
    for match in OBFUSCATED_EMAIL.finditer(text):
        address = f"{match.group(1)}@{DOT.sub('.', match.group(2))}"
        if EMAIL.fullmatch(address) and usable_email(address):
            found.append(Found(address.lower(), url, "written-out address"))
    for match in EMAIL.finditer(text):
        if usable_email(match.group(0)):
            found.append(Found(match.group(0).lower(), url, "address in page text"))
    return found


def usable_email(address: str) -> bool:
    lowered = address.lower()
    return not any(part in lowered for part in IGNORED_EMAIL_PARTS) and not lowered.endswith((".png", ".jpg"))


def socials_in(soup: BeautifulSoup, base: str, url: str) -> list[tuple[str, Found]]:
    found = []
    for link in soup.find_all("a", href=True):
        target = join_url(base, link["href"].strip())
        if target is None:
            continue  # a hostile page's broken link, not a profile
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            continue
        kind = social_kind(parts.hostname.lower())
        rel_me = "me" in [value.lower() for value in link.get("rel") or []]
        if kind is None and rel_me and parts.path.startswith("/@"):
            kind = "mastodon"  # Mastodon and other fediverse servers: any host, /@name, rel=me
        if kind is None or not parts.path.strip("/") or parts.path.lower().startswith(NON_PROFILE_PATHS):
            continue
        port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
        # Profiles are served over https; a server on its own port (a team's own, a test's)
        # keeps the scheme its link gives.
        scheme = parts.scheme if port else "https"
        clean = f"{scheme}://{parts.hostname.lower()}{port}{parts.path.rstrip('/')}"
        found.append((kind, Found(clean, url, "rel=me link" if rel_me else "profile link")))
    return found


def location_in(soup: BeautifulSoup, url: str) -> Found | None:
    for selector in (".h-card .p-locality", ".p-locality", ".h-card .p-adr", ".p-adr", "[itemprop=addressLocality]"):
        tag = soup.select_one(selector)
        if tag and tag.get_text(strip=True):
            return Found(strip_phrase(tag.get_text(" ", strip=True))[:300], url, "h-card")
    match = LOCATION_PHRASE.search(soup.get_text("\n", strip=True))
    if match:
        return Found(match.group(1).strip()[:300], url, "stated on the page")
    return None


def strip_phrase(text: str) -> str:
    match = re.match(r"(?:based in|living in|located in|from)\s+(.*)", text, re.IGNORECASE)
    return match.group(1).strip() if match else text
