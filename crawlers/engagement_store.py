"""Writing what a platform's API said: each post's counts with their source and time, the
channel's followers and the state of the API, and the profile's own links (rel=me)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from crawlers.engagement import EngagementRead, last_segment
from outreach.core.channels import join_channels_linked_both_ways
from outreach.core.models import Blogger, ContactDetail, Post

RECENT_POSTS = 200  # the APIs answer for the latest posts only
SET_COUNTS = update(Post.__table__).where(Post.__table__.c.id == bindparam("post_id")).values(
    comment_count=bindparam("replies"), shares=bindparam("shares"), likes=bindparam("likes"),
    engagement_source=bindparam("source"), engagement_read_at=bindparam("read_at"))


def store_engagement(session: Session, blog_id: int, blogger_id: int | None, homepage_url: str,
                     read: EngagementRead, now: datetime) -> dict:
    """Write the counts on the posts they belong to; returns the blog's changes. The caller commits."""
    changes = {"api_status": read.status, "api_message": read.message[:500], "api_checked_at": now,
               "api_next_check_at": read.next_check_at}
    if read.status != "ok":
        return changes
    if read.followers is not None:
        changes.update(followers=read.followers, followers_read_at=now)
    changes["details"] = read.details
    if read.counts:
        recent = session.exec(select(Post.id, Post.url).where(Post.blog_id == blog_id)
                              .order_by(Post.published_at.desc()).limit(RECENT_POSTS)).all()
        rows = [{"post_id": post_id, "replies": counts.replies, "shares": counts.shares, "likes": counts.likes,
                 "source": read.source[:100], "read_at": now}
                for post_id, url in recent if (counts := read.counts.get(last_segment(url or ""))) is not None]
        if rows:
            session.connection().execute(SET_COUNTS, rows)
    if blogger_id is not None and read.name:
        name_blogger(session, blogger_id, read.name, read.source)
    if blogger_id is not None and read.links:
        store_profile_links(session, blogger_id, homepage_url, read.links, read.source)
        join_channels_linked_both_ways(session, blogger_id, (homepage_url,))
    return changes


def name_blogger(session: Session, blogger_id: int, name: str, source: str) -> None:
    """The account's display name for a blogger with none, or only a site's title."""
    blogger = session.get(Blogger, blogger_id)
    if blogger is not None and (not blogger.name or blogger.name_source.startswith(("site name", "page title"))):
        blogger.name, blogger.name_source = name, f"display name ({source})"[:300]
        session.add(blogger)


def store_profile_links(session: Session, blogger_id: int, homepage_url: str, links: list[str], source: str) -> None:
    """The sites an account's profile links to (Mastodon marks them rel=me), kept as the blogger's
    websites with where they were found."""
    known = set(session.exec(select(ContactDetail.value).where(ContactDetail.blogger_id == blogger_id,
                                                               ContactDetail.kind == "website")))
    for link in dict.fromkeys(links):
        if link not in known:
            session.add(ContactDetail(blogger_id=blogger_id, kind="website", value=link[:500],
                                      source_url=homepage_url[:2048], found_by=f"rel=me link ({source})"[:100]))
