"""Keep the database's published index in step with its posts: incrementally when little changed,
by a full refit when much did. Run after crawls and by the scheduler, never per query."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import update
from sqlmodel import Session

from outreach.core.models import IndexState
from outreach.core.search_index import blog_removals, index_identity
from scoring.index import Index, IndexConfig, build_index, needs_refit, update_index
from scoring.published import IndexSuperseded, publish_index, published_index
from scoring.records import BlogRecord, read_blogs, read_posts, read_signatures
from scoring.store import IndexMissing

log = logging.getLogger(__name__)
# Tries of a refresh that another process's publishing overtook; the last publishes regardless.
PUBLISH_ATTEMPTS = 3


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh did, for a summary line."""

    action: str  # "built", "updated" or "unchanged"
    posts: int
    blogs: int
    added: int = 0
    removed: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        what = {
            "built": "Index built",
            "updated": f"Index updated (+{self.added} / -{self.removed} posts)",
            "unchanged": "Index already up to date",
        }[self.action]
        return f"{what}: {self.posts} posts from {self.blogs} blogs in {self.seconds:.1f} s."


def build_index_from_db(session: Session, config: IndexConfig | None = None) -> Index:
    """Fit a new index on every post in the database."""
    return build_index(read_blogs(session), read_posts(session), config)


def refresh_index(
    session: Session, directory: Path, config: IndexConfig | None = None, rebuild: bool = False
) -> RefreshReport:
    """Bring the database's index up to date and publish it as a new generation; commits.

    It starts from the database's newest published generation (fetched into `directory` if
    the local copy is another), never from an index of another database. When another
    process (a second crawl worker) publishes while this refresh runs, the refresh starts
    again from that generation, so that neither one's posts are dropped; the last attempt
    publishes regardless, and the next refresh adds whatever it missed."""
    started = time.monotonic()
    config = config or IndexConfig()
    for _ in range(PUBLISH_ATTEMPTS - 1):
        try:
            return _refresh(session, directory, config, rebuild, started, checked=True)
        except IndexSuperseded:
            log.info("another process published the index during this refresh: refreshing again from it")
    return _refresh(session, directory, config, rebuild, started, checked=False)


def _refresh(session: Session, directory: Path, config: IndexConfig, rebuild: bool, started: float,
             checked: bool) -> RefreshReport:
    """One attempt of refresh_index: published only if no other generation came meanwhile (`checked`)."""
    identity = index_identity(session)
    based_on = identity.generation if checked else None
    removals = blog_removals(session)  # before the blogs are read: every removal counted is in them
    index = None
    if not rebuild and identity.generation:
        try:
            index = published_index(session, directory, identity)
        except IndexMissing:
            index = None
    if index is not None and index.config != config:
        index = None  # a different window needs every aggregate recomputed
    blogs = read_blogs(session)
    if index is None:
        index = build_index_from_db(session, config)
        publish_index(session, index, directory, based_on, removals)
        log.info("index built: %d posts, %d blogs", len(index.posts), len(index.blogs))
        return RefreshReport("built", len(index.posts), len(index.blogs),
                             seconds=time.monotonic() - started)

    current = read_signatures(session)
    indexed = dict(zip(index.posts.post_ids.tolist(), index.posts.signatures.tolist()))
    stale = {post_id for post_id, signature in indexed.items() if current.get(post_id) != signature}
    fresh = [post_id for post_id, signature in current.items() if indexed.get(post_id) != signature]
    same_blogs = _blog_list(index) == blogs
    if not stale and not fresh and same_blogs:
        # Up to date: whatever removals were counted, none of their blogs is in it.
        session.execute(update(IndexState).where(IndexState.id == 1, IndexState.generation == identity.generation,
                                                 IndexState.removals_indexed < removals)
                        .values(removals_indexed=removals))
        session.commit()
        return RefreshReport("unchanged", len(index.posts), len(index.blogs),
                             seconds=time.monotonic() - started)
    new_posts = list(read_posts(session, fresh)) if len(fresh) <= index.config.refit_share * max(
        index.fitted_posts, 1) else []
    if needs_refit(index, len(stale) + len(fresh), new_posts):
        index = build_index_from_db(session, config)
        action = "built"
    else:
        index = update_index(index, blogs, new_posts, stale)
        action = "updated"
    publish_index(session, index, directory, based_on, removals)
    log.info("index %s: +%d -%d posts", action, len(fresh), len(stale))
    return RefreshReport(action, len(index.posts), len(index.blogs), added=len(fresh),
                         removed=len(stale), seconds=time.monotonic() - started)


def _blog_list(index: Index) -> list[BlogRecord]:
    table = index.blogs
    return [
        BlogRecord(int(blog_id), name, homepage, feed)
        for blog_id, name, homepage, feed in zip(
            np.asarray(table.blog_ids).tolist(), table.names, table.homepage_urls, table.feed_urls
        )
    ]
