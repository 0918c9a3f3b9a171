"""Links to other sites in a blog's HTML, as candidate blogs: pure text work, no fetching."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from outreach.core.sites import is_not_a_blog
from outreach.core.urls import BadUrl, normalise_url, site_of

HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"'#][^"']*)["']""", re.IGNORECASE)


def hrefs(html: str) -> list[str]:
    """Link targets in (sanitised) HTML, cheaply, without a full parse."""
    return HREF.findall(html or "")


@dataclass(frozen=True)
class Candidate:
    """A link to a possible blog, and where it was found."""

    url: str
    site: str
    found_on: str
    how: str  # "blogroll" or "post link"


def candidates_from(links, base: str, found_on: str, how: str) -> list[Candidate]:
    """One candidate per outside site that could be a blog (not social networks, shops or news)."""
    own = site_of(found_on)
    seen: dict[str, Candidate] = {}
    for href in links:
        try:
            url = normalise_url(href, base=base)
        except BadUrl:
            continue
        site = site_of(url)
        if not site or site == own or site in seen or is_not_a_blog(site.split("/")[0].split(":")[0]):
            continue
        seen[site] = Candidate(url=f"{urlsplit(url).scheme}://{site_home(site)}", site=site,
                               found_on=found_on, how=how)
    return list(seen.values())


def site_home(site: str) -> str:
    """The home page of a site key: 'host/blogs/anna' -> 'host/blogs/anna/'."""
    return site if site.endswith("/") else f"{site}/"
