"""The language each blog writes in, read after a crawl: the blogs with new posts, and a bounded
number of those never read (blogs stored before languages were read, or whose posts came first)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from crawlers.language import language_of
from outreach.core.models import Blog, Post

POSTS_READ = 5  # the newest: a blog that changed language is read in the one it writes now
UNREAD_PER_TICK = 500


def read_languages(engine: Engine, blog_ids: Iterable[int] = (), unread: int = UNREAD_PER_TICK) -> int:
    """Read and keep the language of these blogs and of up to `unread` fetched blogs never read;
    returns how many blogs were read."""
    with Session(engine) as session:
        never_read = session.exec(select(Blog.id).where(col(Blog.language).is_(None),
                                                        col(Blog.last_fetched_at).is_not(None))
                                  .order_by(Blog.id).limit(unread)).all()
        ids = sorted(set(blog_ids) | set(never_read))
        for blog_id in ids:
            texts = session.exec(select(Post.text).where(Post.blog_id == blog_id)
                                 .order_by(col(Post.published_at).desc(), col(Post.id).desc()).limit(POSTS_READ)).all()
            session.exec(update(Blog).where(Blog.id == blog_id).values(language=language_of(texts)))
        session.commit()
    return len(ids)
