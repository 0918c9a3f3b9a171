"""Named queries of the listening pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import bindparam
from sqlmodel import Session, func, select

from outreach.core.models import Blog, Blogger, Mention, Monitor, Notification, Post
from outreach.web.db import get_or_404

PAGE_SIZE = 50


@dataclass(frozen=True)
class MentionFilters:
    monitor_id: int | None = None
    platform: str = ""
    start: date | None = None
    end: date | None = None


def get_monitor_or_404(session: Session, monitor_id: int) -> Monitor:
    return get_or_404(session, Monitor, monitor_id)


def mentions_statement(filters: MentionFilters):
    """A select() of (Mention, Monitor name, Post, Blog, Blogger) rows, newest first."""
    statement = (select(Mention, Monitor.name, Post, Blog, Blogger)
                 .join(Monitor, Monitor.id == Mention.monitor_id).join(Post, Post.id == Mention.post_id)
                 .join(Blog, Blog.id == Mention.blog_id).join(Blogger, Blogger.id == Mention.blogger_id, isouter=True))
    if filters.monitor_id:
        statement = statement.where(Mention.monitor_id == filters.monitor_id)
    if filters.platform:
        statement = statement.where(Blog.platform == filters.platform)
    if filters.start:
        statement = statement.where(Mention.published_at >= datetime.combine(filters.start, time.min, timezone.utc))
    if filters.end:
        statement = statement.where(Mention.published_at <= datetime.combine(filters.end, time.max, timezone.utc))
    return statement.order_by(Mention.published_at.desc(), Mention.id.desc())


def monitor_counts(session: Session) -> dict[int, int]:
    """How many mentions each monitor has found."""
    return dict(session.exec(select(Mention.monitor_id, func.count()).group_by(Mention.monitor_id)).all())


# Built once: the count runs on every page.
_UNREAD = (select(func.count()).select_from(Notification)
           .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None)))


def unread_count(session: Session, user_id: int) -> int:
    """The signed-in person's unread alerts: the menu's badge."""
    return session.connection().execute(_UNREAD, {"user_id": user_id}).scalar_one()

