"""Blogs and posts as plain records, read from the database in batches."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Iterable, Iterator, NamedTuple

from sqlalchemy import select
from sqlmodel import Session

from outreach.core.models import Blog, Blogger, Post


class BlogRecord(NamedTuple):
    """What the index keeps of a blog: enough to name it and link to it."""

    blog_id: int
    name: str
    homepage_url: str
    feed_url: str


class PostRecord(NamedTuple):
    """What the index keeps of a post."""

    post_id: int
    blog_id: int
    title: str
    url: str
    published_at: datetime
    text: str
    comment_count: int | None
    signature: int  # changes when the post's content changes
    tags: tuple[str, ...] = ()  # the feed's categories for the post


BATCH_SIZE = 2_000


def change_signature(content_hash: str | None, updated_at: datetime | None) -> int:
    """A 63-bit number that changes when a post's stored content changes."""
    stamp = updated_at.isoformat() if updated_at else ""
    digest = hashlib.blake2b(f"{content_hash or ''}|{stamp}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def read_blogs(session: Session) -> list[BlogRecord]:
    """Every blog with the name to show for it: the blogger's, else the blog's title."""
    rows = session.execute(
        select(Blog.id, Blog.title, Blog.homepage_url, Blog.feed_url, Blogger.name)
        .outerjoin(Blogger, Blogger.id == Blog.blogger_id)
        .order_by(Blog.id)
    )
    return [
        BlogRecord(blog_id, (person or title or homepage or feed).strip(), homepage or "", feed)
        for blog_id, title, homepage, feed, person in rows
    ]


def read_signatures(session: Session) -> dict[int, int]:
    """The change signature of every post, by post id, without reading any text."""
    rows = session.execute(select(Post.id, Post.content_hash, Post.updated_at))
    return {post_id: change_signature(content_hash, updated) for post_id, content_hash, updated in rows}


def read_posts(session: Session, post_ids: Iterable[int] | None = None) -> Iterator[PostRecord]:
    """Posts (all of them, or the ids given) in batches, so memory stays flat."""
    columns = (
        Post.id, Post.blog_id, Post.title, Post.url, Post.published_at, Post.text,
        Post.comment_count, Post.content_hash, Post.updated_at, Post.tags,
    )
    if post_ids is None:
        last_id = 0
        while True:
            batch = session.execute(
                select(*columns).where(Post.id > last_id).order_by(Post.id).limit(BATCH_SIZE)
            ).all()
            if not batch:
                return
            yield from (_post_record(row) for row in batch)
            last_id = batch[-1][0]
    ids = sorted(set(post_ids))
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start:start + BATCH_SIZE]
        rows = session.execute(select(*columns).where(Post.id.in_(chunk)).order_by(Post.id))
        yield from (_post_record(row) for row in rows)


def _post_record(row) -> PostRecord:
    post_id, blog_id, title, url, published, text, comments, content_hash, updated, tags = row
    return PostRecord(
        post_id, blog_id, title or "", url or "", published, text or "", comments,
        change_signature(content_hash, updated),
        tuple(str(tag) for tag in tags) if isinstance(tags, list) else (),
    )
