"""Reading a coverage post's page for its links to the brand's sites, under the crawler's rules
(robots.txt, no private addresses unless allowed, politeness)."""

from __future__ import annotations

from crawlers.discover import soup_of
from crawlers.fetch import Fetcher, FetchError
from outreach.core.coverage_links import LinkCheck, links_to
from outreach.core.disclosure import find_disclosure
from outreach.core.urls import join_url

GONE = {404, 410}


def check_links(fetcher: Fetcher, url: str, hosts: list[str]) -> LinkCheck:
    """Whether the page at `url` links to one of `hosts`, or is gone, or could not be read."""
    try:
        page = fetcher.get(url, page=True, accept="text/html,application/xhtml+xml")
    except FetchError as error:
        return LinkCheck("error", error=str(error))
    if page.status in GONE:
        return LinkCheck("gone", error=f"{page.url} answered HTTP {page.status}")
    if page.status != 200:
        return LinkCheck("error", error=f"{page.url} answered HTTP {page.status}")
    if "html" not in page.content_type and page.content_type:
        return LinkCheck("error", error=f"{page.url} is not a web page ({page.content_type})")
    links = []
    soup = soup_of(page.body)
    for anchor in soup.find_all("a", href=True):
        target = join_url(page.url, str(anchor["href"]).strip())
        if target and target.startswith(("http://", "https://")) and links_to(target, hosts) and target not in links:
            links.append(target)
    # The post's own text where the page marks it, so that a sidebar's "sponsored links" is not read as its disclosure.
    post = soup.find("article") or soup.find("main") or soup.body or soup
    return LinkCheck("linked" if links else "no_link", links,
                     disclosure=find_disclosure([post.get_text(" ")]), title=page_title(soup))


def page_title(soup) -> str:
    """The page's title as it names itself to sharing (og:title), else its <title>; one line."""
    meta = soup.find("meta", attrs={"property": "og:title"})
    title = str(meta.get("content", "")) if meta else ""
    if not title.strip() and soup.title is not None:
        title = soup.title.get_text(" ")
    return " ".join(title.split())
