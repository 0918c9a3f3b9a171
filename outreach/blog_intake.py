"""Blogs entered in the web app or the API: checked, stored once, and left for the crawler.

Finding a feed means fetching, and fetching never happens inside a web request: a blog
added here is 'pending' until the scheduler's next crawl finds its feed.
"""

from __future__ import annotations

from sqlmodel import Session, or_, select

from crawlers.add import create_blog
from crawlers.blog_lists import ListError, parse_csv, parse_opml
from crawlers.importer import ImportReport, import_rows
from crawlers.urls import BadUrl, normalise_url

from outreach.models import Blog, User, utcnow

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class IntakeError(ValueError):
    """What a person entered cannot be used; the message says why."""


def queue_blog(session: Session, url: str, user: User | None, tags: list[str] = ()) -> tuple[Blog, bool]:
    """Store a blog to be crawled (its feed is found then); returns (blog, created). The caller commits."""
    try:
        normalised = normalise_url(url)
    except BadUrl as error:
        raise IntakeError(str(error)) from None
    existing = session.exec(select(Blog).where(or_(Blog.feed_url == normalised, Blog.homepage_url == normalised))).first()
    if existing is not None:
        return existing, False
    blog = create_blog(session, normalised, "", "", source="url", tags=list(tags), status="pending",
                       added_by_id=user.id if user else None)
    return blog, True


def import_upload(session: Session, filename: str, data: bytes, user: User | None) -> ImportReport:
    """Import an uploaded OPML or CSV file; the caller commits."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise IntakeError(f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MiB")
    if not data.strip():
        raise IntakeError("the file is empty")
    try:
        if filename.lower().endswith((".opml", ".xml")) or data.lstrip()[:5] in (b"<?xml", b"<opml"):
            rows, problems = parse_opml(data)
            source = "opml"
        elif filename.lower().endswith((".csv", ".txt")):
            rows, problems = parse_csv(data.decode("utf-8-sig", "replace"))
            source = "csv"
        else:
            raise IntakeError("choose an .opml or a .csv file")
    except ListError as error:
        raise IntakeError(str(error)) from None
    return import_rows(session, rows, problems, source=source, added_by_id=user.id if user else None)


def request_refresh(session: Session, blog: Blog) -> None:
    """Make the blog due now: the scheduler's next tick refreshes it with refresh_blog."""
    blog.next_check_at = utcnow()
    if blog.status == "gone":
        blog.status = "active"  # a person asked: try once more
    session.add(blog)
