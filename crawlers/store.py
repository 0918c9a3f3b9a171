"""Writing a parsed feed: new posts inserted, edited posts updated, never a duplicate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from crawlers.parse import Entry
from outreach.core.models import Post

# Built once: a first crawl runs these for every blog, and building a statement costs about
# as much as SQLite takes to run it.
KNOWN_POSTS = (sa_select(Post.id, Post.key, Post.content_hash, Post.comment_count, Post.views, Post.likes)
               .where(Post.blog_id == bindparam("blog_id"), Post.key.in_(bindparam("keys", expanding=True))))
# One Core statement for all new posts: a first crawl of a blog writes dozens at once, and the
# ORM's bulk path costs more than the database does.
INSERT_POSTS = insert(Post.__table__).returning(Post.__table__.c.id)


def feed_engagement(entry: Entry, now: datetime) -> dict:
    """The open figures the feed itself gives a post (comments, a video's views and ratings), with
    their source and when they were read."""
    known = entry.comment_count is not None or entry.views is not None or entry.likes is not None
    return {"views": entry.views, "likes": entry.likes, "duration_seconds": entry.duration_seconds,
            "engagement_source": "feed" if known else "", "engagement_read_at": now if known else None}


def new_figures(post, entry: Entry) -> bool:
    """Whether the feed gives a figure the stored post does not have."""
    return any(given is not None and given != stored for given, stored in (
        (entry.comment_count, post.comment_count), (entry.views, post.views), (entry.likes, post.likes)))


@dataclass
class StoreResult:
    new_post_ids: list[int]
    updated: int


def store_entries(session: Session, blog_id: int, entries: list[Entry], now: datetime) -> StoreResult:
    """Upsert a blog's entries by key; the caller commits with the blog's crawl state."""
    if not entries:
        return StoreResult([], 0)
    connection = session.connection()
    # Columns, not objects: most entries of a re-fetched feed are unchanged and need no loading.
    known = {row.key: row for row in connection.execute(
        KNOWN_POSTS, {"blog_id": blog_id, "keys": [entry.key for entry in entries]})}
    rows, changed = [], {}
    for entry in entries:
        post = known.get(entry.key)
        if post is None:
            # A post cannot be written after we read it: a date in the future (a wrong clock,
            # a typo in the year) would make the blog look active for ever and push its real
            # posts out of the index's window of recent posts.
            published = min(entry.published_at or entry.updated_at or now, now)
            rows.append({
                "blog_id": blog_id, "key": entry.key, "url": entry.url, "title": entry.title,
                "author": entry.author, "published_at": published,
                "first_seen_at": now, "updated_at": entry.updated_at, "content_html": entry.content_html,
                "text": entry.text, "content_hash": entry.content_hash, "comment_count": entry.comment_count,
                "tags": entry.tags, **feed_engagement(entry, now),
            })
        elif post.content_hash != entry.content_hash or new_figures(post, entry):
            changed[post.id] = entry
    if changed:
        for post in session.exec(select(Post).where(Post.id.in_(list(changed)))):
            entry = changed[post.id]
            post.title, post.url, post.author = entry.title, entry.url, entry.author
            post.content_html, post.text, post.content_hash = entry.content_html, entry.text, entry.content_hash
            post.tags = entry.tags
            if new_figures(post, entry):
                # Only the figures the feed gives: an open API's counts stay until it reads them again.
                post.comment_count = entry.comment_count if entry.comment_count is not None else post.comment_count
                post.views = entry.views if entry.views is not None else post.views
                post.likes = entry.likes if entry.likes is not None else post.likes
                post.engagement_source, post.engagement_read_at = "feed", now
            post.duration_seconds = entry.duration_seconds or post.duration_seconds
            post.updated_at = entry.updated_at or now
            session.add(post)
    new_ids: list[int] = []
    if rows:
        new_ids = [row[0] for row in connection.execute(INSERT_POSTS, rows)]
    return StoreResult(new_ids, len(changed))
