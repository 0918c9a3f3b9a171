"""Blogs entered by hand, by list or by the API: checked, stored once, and left for the crawler.

Finding a feed means fetching, and fetching never happens inside a web request: a blog
added here is 'pending' until the scheduler's next crawl finds its feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, or_, select

from outreach.core.blog_lists import ListError, ListRow, RowProblem, parse_csv, parse_opml
from outreach.core.custom_fields import FieldRefused, all_fields, clean_value
from outreach.core.errors import Refused
from outreach.core.forgetting import forgotten_digests, forgotten_since, is_forgotten, refusal
from outreach.core.models import Blog, Blogger, BlogTag, ContactDetail, CustomValue, User, utcnow
from outreach.core.urls import BadUrl, normalise_url, same_address_key

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class IntakeError(Refused):
    """What a person entered cannot be used; the message says why."""


def queue_blog(session: Session, url: str, user: User | None, tags: list[str] = ()) -> tuple[Blog, bool]:
    """Store a blog to be crawled (its feed is found then); returns (blog, created). The caller commits."""
    try:
        normalised = normalise_url(url)
    except BadUrl as error:
        raise IntakeError(str(error)) from None
    existing = session.exec(select(Blog).where(or_(Blog.feed_url == normalised, Blog.homepage_url == normalised))).first()
    if existing is None:
        spellings = address_spellings(normalised)
        existing = session.exec(select(Blog).where(or_(Blog.feed_url.in_(spellings),
                                                       Blog.homepage_url.in_(spellings)))).first()
    if existing is not None:
        return existing, False
    blog = create_blog(session, normalised, "", "", source="url", tags=list(tags), status="pending",
                       added_by_id=user.id if user else None)
    return blog, True


def read_blog_list(filename: str, data: bytes) -> tuple[list[ListRow], list[RowProblem], str]:
    """An OPML or CSV list's rows, its bad rows, and which kind it was: OPML by its name or its
    first bytes, CSV by its name (a name without a suffix too)."""
    if not data.strip():
        raise IntakeError("the file is empty")
    try:
        if filename.lower().endswith((".opml", ".xml")) or data.lstrip()[:5] in (b"<?xml", b"<opml"):
            return *parse_opml(data), "opml"
        if filename.lower().endswith((".csv", ".txt")) or "." not in filename.rsplit("/", 1)[-1]:
            return *parse_csv(data.decode("utf-8-sig", "replace")), "csv"
    except ListError as error:
        raise IntakeError(str(error)) from None
    raise IntakeError("choose an .opml or a .csv file")


def import_upload(session: Session, filename: str, data: bytes, user: User | None) -> ImportReport:
    """Import an uploaded OPML or CSV file; the caller commits."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise IntakeError(f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MiB")
    rows, problems, source = read_blog_list(filename, data)
    return import_rows(session, rows, problems, source=source, added_by_id=user.id if user else None)


def request_refresh(session: Session, blog: Blog) -> None:
    """Make the blog due now: the scheduler's next tick refreshes it with refresh_blog."""
    blog.next_check_at = utcnow()
    if blog.status == "gone":
        blog.status = "active"  # a person asked: try once more
    session.add(blog)


def create_blog(session: Session, feed_url: str, homepage_url: str = "", title: str = "", *, source: str,
                tags=(), name: str = "", name_source: str = "added by hand", notes: str = "",
                added_by_id: int | None = None, status: str = "active", platform: str = "blog",
                details: dict | None = None) -> Blog:
    """Store a blog and its blogger (the feed will be read on the next crawl); never one whose
    blogger asked to be forgotten."""
    forgotten = forgotten_since(session, addresses=[feed_url, homepage_url])
    if forgotten is not None:
        raise IntakeError(refusal(forgotten))
    blogger = Blogger(name=name[:300], name_source=name_source if name else "")
    session.add(blogger)
    session.flush()
    blog = Blog(feed_url=feed_url, homepage_url=homepage_url, title=title[:500], blogger_id=blogger.id,
                source=source, notes=notes, added_by_id=added_by_id, status=status, platform=platform,
                details=details or {})
    session.add(blog)
    session.flush()
    for tag in sorted({tag.strip().lower()[:100] for tag in tags if tag.strip()}):
        session.add(BlogTag(blog_id=blog.id, tag=tag))
    return blog


@dataclass
class ImportReport:
    added: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    # Rows naming a blog already in the directory (or earlier in the file): skipped, never added twice.
    duplicates: list[RowProblem] = field(default_factory=list)

    @property
    def already_known(self) -> int:
        return len(self.duplicates)

    def line(self) -> str:
        return (f"{self.added} blogs added, {self.already_known} skipped as duplicates of blogs already "
                f"in the directory, {len(self.problems)} rows with problems")


def directory_addresses(session: Session) -> dict[str, tuple[int, str]]:
    """Every blog's feed and homepage, by same_address_key, to (blog id, title or address)."""
    known: dict[str, tuple[int, str]] = {}
    for blog_id, feed_url, homepage_url, title in session.exec(
            select(Blog.id, Blog.feed_url, Blog.homepage_url, Blog.title).order_by(Blog.id)):
        for url in (feed_url, homepage_url):
            if url:
                known.setdefault(same_address_key(url), (blog_id, title or homepage_url or feed_url))
    known.pop("", None)
    return known


def address_spellings(url: str) -> list[str]:
    """The ways a normalised URL of one page may be stored: http or https, with or without
    www., with or without a trailing slash."""
    key = same_address_key(url)
    if not key:
        return [url]
    host, _, rest = key.partition("/")
    path = "/" + rest
    paths = {path, path.rstrip("/") + "/"} if "?" not in path else {path}
    return sorted({f"{scheme}://{www}{host}{variant}" for scheme in ("http", "https")
                   for www in ("", "www.") for variant in paths})


def _known_blog(known: dict[str, tuple[int, str]], row: ListRow) -> tuple[int, str] | None:
    for url in (row.feed_url, row.url):
        if url and same_address_key(url) in known:
            return known[same_address_key(url)]
    return None


def import_rows(session: Session, rows: list[ListRow], problems: list[RowProblem], *, source: str,
                added_by_id: int | None = None) -> ImportReport:
    """Add every good row once; the caller commits. Bad rows were reported by the parser; a row
    whose feed or homepage is already in the directory (told apart from a new blog after
    normalising, www. and http or https aside) is reported as a duplicate and skipped."""
    report = ImportReport(problems=list(problems))
    known = directory_addresses(session)
    forgotten = forgotten_digests(session)
    customs = {custom.name.lower(): custom for custom in all_fields(session)}
    unread = sorted({name for row in rows for name in row.extra if name.lower() not in customs})
    if unread:
        report.problems.insert(0, RowProblem(1, f"columns {', '.join(unread)} name no field of the team's on "
                                                "bloggers: not read"))
    for row in rows:
        target = row.feed_url or row.url
        if forgotten and is_forgotten(forgotten, emails=[row.email], addresses=[row.feed_url, row.url]):
            report.problems.append(RowProblem(row.line, f"{target}: the blogger asked to be forgotten: not added"))
            continue
        duplicate = _known_blog(known, row)
        if duplicate is not None:
            blog_id, label = duplicate
            report.duplicates.append(RowProblem(row.line, f"{target} is already in the directory as "
                                                          f"{label!r} (blog {blog_id}): skipped"))
            continue
        blog = create_blog(session, target, row.url if row.feed_url else "", "", source=source, tags=row.tags,
                           name=row.name, notes=row.notes, added_by_id=added_by_id,
                           status="active" if row.feed_url else "pending")
        if row.email:
            session.add(ContactDetail(blogger_id=blog.blogger_id, kind="email", value=row.email,
                                      source_url="", found_by=f"imported {source} list, line {row.line}"))
        for name, text in row.extra.items():
            custom = customs.get(name.lower())
            try:
                value = clean_value(custom, text) if custom is not None else ""
            except FieldRefused as error:
                report.problems.append(RowProblem(row.line, f"{target}: added, without {error}"))
                continue
            if value:
                session.add(CustomValue(blogger_id=blog.blogger_id, field_id=custom.id, value=value))
        for url in (row.feed_url, row.url):
            if url:
                known.setdefault(same_address_key(url), (blog.id, row.name or target))
        report.added += 1
    return report
