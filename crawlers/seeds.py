"""Niches' seed URLs read once: a post we hold gives its text, any other page is fetched
and its article's text kept, or the reason it could not be."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from crawlers.discover import soup_of
from crawlers.fetch import Fetcher, FetchError
from outreach.core.claims import claim_rows, release
from outreach.core.models import NicheSeed, limits_of, utcnow
from outreach.core.niches import blog_at, post_at

log = logging.getLogger(__name__)

MAX_SEEDS_PER_RUN = 50  # a crawl reads at most this many new seed pages; the rest wait for the next
LEASE_SECONDS = 900  # a scheduler that died while reading seeds leaves them to the others after this
# Not the article: what a page repeats around every article.
CHROME = ["script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form"]


UNREAD = (NicheSeed.url != "") & (NicheSeed.text == "") & NicheSeed.post_id.is_(None) \
    & NicheSeed.fetched_at.is_(None) & (NicheSeed.error == "")


def unread_seeds(engine: Engine, limit: int = MAX_SEEDS_PER_RUN) -> list[int]:
    """The ids of the seed URLs not read yet, oldest first."""
    with Session(engine) as session:
        return list(session.exec(select(NicheSeed.id).where(UNREAD).order_by(NicheSeed.id).limit(limit)))


def read_seeds(engine: Engine, fetcher: Fetcher, limit: int = MAX_SEEDS_PER_RUN) -> int:
    """Read the seed URLs not read yet that no other scheduler is reading; how many were read
    (with text or with a reason)."""
    with Session(engine) as session:
        pending = claim_rows(session, NicheSeed, UNREAD, utcnow(), limit=limit, lease_seconds=LEASE_SECONDS)
    for seed_id in pending:
        with Session(engine) as session:
            seed = session.get(NicheSeed, seed_id)
            if seed is None:  # removed while we read the others
                continue
            try:
                read_seed(session, seed, fetcher)
                release(seed)
                session.commit()
            except Exception:  # one page must not stop the others, nor be tried at every crawl
                session.rollback()
                log.exception("seed %s: reading %s failed", seed_id, seed.url)
                seed.fetched_at, seed.error = utcnow(), "the page could not be read"
                release(seed)
                session.add(seed)
                session.commit()
    return len(pending)


def read_seed(session: Session, seed: NicheSeed, fetcher: Fetcher) -> None:
    """One seed: the text of the post we hold at its URL, nothing to read for a blog we hold
    (its recent posts are the example, read when the niche is ranked), else the page's text."""
    seed.fetched_at = utcnow()
    post = post_at(session, seed.url)
    if post is not None:
        seed.post_id, seed.text = post.id, post.text[:MAX_TEXT]
        return
    if blog_at(session, seed.url) is not None:
        return
    try:
        page = fetcher.get(seed.url, page=True, accept="text/html,application/xhtml+xml")
    except FetchError as error:
        seed.error = str(error)[:MAX_ERROR]
        return
    if page.status != 200:
        seed.error = f"{page.url} answered HTTP {page.status}"[:MAX_ERROR]
        return
    if "html" not in page.headers.get("content-type", "text/html"):
        seed.error = f"{page.url} is not a web page ({page.headers['content-type']})"[:MAX_ERROR]
        return
    seed.text = article_text(page.body)[:MAX_TEXT]
    if not seed.text:
        seed.error = f"{page.url} has no text to learn from"[:MAX_ERROR]


def article_text(body: bytes) -> str:
    """The page's title and the text of its article (else its main part, else its body),
    without the navigation, headers, footers and scripts around it."""
    soup = soup_of(body)
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(CHROME):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    text = " ".join(root.get_text(" ", strip=True).split())
    return f"{title}. {text}" if title and text else text


MAX_TEXT = limits_of(NicheSeed, "text").max_length
MAX_ERROR = limits_of(NicheSeed, "error").max_length
