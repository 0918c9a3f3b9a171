"""Named queries of the directory and the profile pages."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from outreach.core.custom_fields import matching_bloggers
from outreach.core.models import (
    Blog,
    Blogger,
    BlogTag,
    Campaign,
    ContactDetail,
    CustomField,
    Niche,
    Note,
    PipelineEntry,
    Post,
    Stage,
)
from outreach.core.sanitize import strip_control
from outreach.web.bloggers.text_search import (
    filter_matches_in_sort_order,
    join_matches,
    like_any_column,
    matching_blog_ids,
    uses_text_index,
)
from outreach.web.db import get_or_404

PAGE_SIZE = 50
# Counting stops here: past it the page says "1,000+", which is all a person needs and
# keeps a broad search from counting every row of a big directory.
COUNT_CAP = 1000
# Each sort follows an index, so a page of a big directory reads a page of rows.
SORTS = {
    "name": (Blog.title, Blog.id),
    "recent": (Blog.last_post_at.desc(), Blog.id.desc()),
    "added": (Blog.id.desc(),),
}


@dataclass(frozen=True)
class DirectoryFilters:
    """What a person typed into the directory's search form, already validated."""

    text: str = ""
    tag: str = ""
    status: str = ""
    posted_after: date | None = None
    posted_before: date | None = None
    sort: str = "name"
    niche_id: int | None = None  # sort by score for this niche instead
    language: str = ""  # an ISO 639 code, as the crawler reads a blog's language
    custom_field: CustomField | None = None  # bloggers with a value of this field of the team's...
    custom_value: str = ""  # ...matching this (custom_fields.matching_bloggers)

    def __post_init__(self) -> None:
        # Nothing stored holds a NUL or another control character (they are dropped as text comes
        # in), and both databases refuse a NUL in a query: SQLite's text index took it for the end.
        object.__setattr__(self, "text", strip_control(self.text))
        object.__setattr__(self, "tag", strip_control(self.tag))


def directory_statement(session: Session, filters: DirectoryFilters, many_matches: bool = False):
    """A select() of (Blog, Blogger) rows matching the filters, sorted.

    many_matches: the text is known to match more blogs than a page shows, so the rows are
    found by walking the sort's index rather than by sorting every match.
    """
    statement = select(Blog, Blogger).join(Blogger, Blogger.id == Blog.blogger_id, isouter=True)
    if filters.text:
        if uses_text_index(session.connection(), filters.text):
            narrow = filter_matches_in_sort_order if many_matches else join_matches
            statement = narrow(statement, filters.text)
        else:
            statement = statement.where(like_any_column(filters.text))
    if filters.tag:
        statement = statement.where(
            Blog.id.in_(select(BlogTag.blog_id).where(BlogTag.tag == filters.tag.lower()))
        )
    if filters.status:
        statement = statement.where(Blogger.relationship_status == filters.status)
    if filters.language:
        statement = statement.where(Blog.language == filters.language)
    if filters.custom_field is not None:
        statement = statement.where(Blog.blogger_id.in_(matching_bloggers(filters.custom_field, filters.custom_value)))
    if filters.posted_after:
        start = datetime.combine(filters.posted_after, time.min, tzinfo=timezone.utc)
        statement = statement.where(Blog.last_post_at >= start)
    if filters.posted_before:
        end = datetime.combine(filters.posted_before, time.max, tzinfo=timezone.utc)
        statement = statement.where(Blog.last_post_at <= end)
    return statement.order_by(*SORTS.get(filters.sort, SORTS["name"]))


def narrows_by_text_alone(filters: DirectoryFilters) -> bool:
    """Whether the text is the only filter, so the matches can be counted in the index alone."""
    return bool(filters.text) and not (filters.tag or filters.status or filters.posted_after
                                       or filters.posted_before or filters.language
                                       or filters.custom_field is not None)


# What a directory row shows: plain rows of these columns load several times faster
# than a Blog and a Blogger object per row, and a page has 50 rows.
DIRECTORY_COLUMNS = (
    Blog.id, Blog.title, Blog.homepage_url, Blog.feed_url, Blog.status, Blog.error_count,
    Blog.last_error, Blog.last_checked_at, Blog.last_fetched_at, Blog.last_post_at,
    Blogger.id.label("blogger_id"), Blogger.name.label("blogger_name"), Blogger.relationship_status, Blog.platform,
    Blog.language,
)
# A named tuple, not SQLAlchemy's Row: a template reads a Row's field about six times
# slower, and a page reads some 1,200 of them.
DirectoryRow = namedtuple("DirectoryRow", [column.key for column in DIRECTORY_COLUMNS])


# Built once, run on the connection: a page's rows skip the ORM's per-row work.
DIRECTORY_ROWS_BY_ID = (
    select(*DIRECTORY_COLUMNS).join(Blogger, Blogger.id == Blog.blogger_id, isouter=True)
    .where(Blog.id.in_(bindparam("ids", expanding=True)))
)


def directory_page(session: Session, filters: DirectoryFilters, page: int):
    """One page of the directory and the number of matches, counted up to COUNT_CAP + 1."""
    connection = session.connection()
    ids = directory_statement(session, filters).with_only_columns(Blog.id)
    total = capped_count(session, filters, ids)
    if filters.text and total > COUNT_CAP:
        ids = directory_statement(session, filters, many_matches=True).with_only_columns(Blog.id)
    # The page's ids first: skipping to a late page then walks the sort's index alone,
    # and only the 50 rows shown are joined and read.
    page_ids = list(connection.execute(ids.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).scalars())
    return directory_rows_by_id(session, page_ids), total


def capped_count(session: Session, filters: DirectoryFilters, ids) -> int:
    """How many blogs match, counted up to COUNT_CAP + 1; ids is the filters' select of Blog.id."""
    connection = session.connection()
    if narrows_by_text_alone(filters) and uses_text_index(connection, filters.text):
        counted = matching_blog_ids(filters.text)  # the index has one row per blog
    else:
        counted = ids.order_by(None)
    capped = counted.limit(COUNT_CAP + 1).subquery()
    return connection.execute(select(func.count()).select_from(capped)).scalar_one()


def directory_rows_by_id(session: Session, blog_ids: list[int]) -> list:
    """The directory rows of these blogs, in the order given."""
    if not blog_ids:
        return []
    result = session.connection().execute(DIRECTORY_ROWS_BY_ID, {"ids": blog_ids})
    rows = {row[0]: DirectoryRow._make(row) for row in result}
    return [rows[blog_id] for blog_id in blog_ids if blog_id in rows]


# The directory's niche choices, on every page of it: built once, run on the connection.
NICHE_CHOICES = select(Niche.id, Niche.name).order_by(Niche.name)


def niche_choices(session: Session) -> list[tuple[int, str]]:
    return [tuple(row) for row in session.connection().execute(NICHE_CHOICES)]


def get_blogger_or_404(session: Session, blogger_id: int) -> Blogger:
    return get_or_404(session, Blogger, blogger_id)


def get_blog_or_404(session: Session, blog_id: int) -> Blog:
    return get_or_404(session, Blog, blog_id)


# The profile's blogs, contacts and recent posts: the columns it shows, read on the
# connection as named tuples with statements built once. The ORM objects cost a third of
# the page, mostly in loading every column of ten posts.
PROFILE_BLOG_COLUMNS = (Blog.id, Blog.title, Blog.homepage_url, Blog.feed_url, Blog.error_count,
                        Blog.last_error, Blog.last_checked_at, Blog.platform, Blog.details, Blog.followers,
                        Blog.followers_read_at, Blog.api_status, Blog.api_message, Blog.api_checked_at, Blog.language)
ProfileBlog = namedtuple("ProfileBlog", [column.key for column in PROFILE_BLOG_COLUMNS])
BLOGGER_BLOGS = (select(*PROFILE_BLOG_COLUMNS).where(Blog.blogger_id == bindparam("blogger_id"))
                 .order_by(Blog.id))

CONTACT_COLUMNS = (ContactDetail.kind, ContactDetail.value, ContactDetail.found_by, ContactDetail.source_url)
Contact = namedtuple("Contact", [column.key for column in CONTACT_COLUMNS])
BLOGGER_CONTACTS = (select(*CONTACT_COLUMNS).where(ContactDetail.blogger_id == bindparam("blogger_id"))
                    .order_by(ContactDetail.kind, ContactDetail.value))

RECENT_POST_COLUMNS = (Post.url, Post.title, Post.published_at, Post.comment_count, Post.content_html, Post.tags,
                       Post.blog_id, Post.shares, Post.likes, Post.views, Post.duration_seconds,
                       Post.engagement_source, Post.engagement_read_at)
RecentPost = namedtuple("RecentPost", [column.key for column in RECENT_POST_COLUMNS])
RECENT_POSTS = (select(*RECENT_POST_COLUMNS).where(Post.blog_id.in_(bindparam("blog_ids", expanding=True)))
                .order_by(Post.published_at.desc(), Post.id.desc()).limit(bindparam("limit")))


# Built once: building a statement and its cache key cost as much as running it.
BLOGGER_MEMBERSHIPS = (
    select(PipelineEntry, Campaign, Stage)
    .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
    .join(Stage, Stage.id == PipelineEntry.stage_id)
    .where(PipelineEntry.blogger_id == bindparam("blogger_id"))
    .order_by(Campaign.name)
)
BLOGGER_NOTES = select(Note).where(Note.blogger_id == bindparam("blogger_id"), Note.entry_id.is_(None))


def blogger_memberships(session: Session, blogger_id: int) -> list[tuple[PipelineEntry, Campaign, Stage]]:
    """Every campaign entry of the blogger, with its campaign and stage, by campaign name."""
    return list(session.exec(BLOGGER_MEMBERSHIPS, params={"blogger_id": blogger_id}).all())


def blogger_notes(session: Session, blogger_id: int) -> list[Note]:
    """Notes on the blogger themselves, not on one of their campaign entries."""
    return list(session.exec(BLOGGER_NOTES, params={"blogger_id": blogger_id}).all())


def blogger_blogs(session: Session, blogger_id: int) -> list[ProfileBlog]:
    rows = session.connection().execute(BLOGGER_BLOGS, {"blogger_id": blogger_id})
    return [ProfileBlog._make(row) for row in rows]


def blogger_contacts(session: Session, blogger_id: int) -> list[Contact]:
    rows = session.connection().execute(BLOGGER_CONTACTS, {"blogger_id": blogger_id})
    return [Contact._make(row) for row in rows]


def recent_posts(session: Session, blog_ids: list[int], limit: int = 10) -> list[RecentPost]:
    if not blog_ids:
        return []
    rows = session.connection().execute(RECENT_POSTS, {"blog_ids": blog_ids, "limit": limit})
    return [RecentPost._make(row) for row in rows]


def directory_page_by_score(session: Session, filters: DirectoryFilters, page: int, scores: dict[int, float]):
    """One page of the directory sorted by niche score (unscored blogs last), and the count."""
    ids = list(session.scalars(directory_statement(session, filters).with_only_columns(Blog.id).order_by(None)))
    ids.sort(key=lambda blog_id: (-scores.get(blog_id, -1.0), blog_id))
    return directory_rows_by_id(session, ids[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]), len(ids)
