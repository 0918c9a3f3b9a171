"""Blogs, the people behind them, their posts, and candidate blogs found by discovery."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

from outreach.core.models.types import UTCDateTime, utcnow

# The first five follow the pipeline (the furthest any campaign got with the blogger); the
# others are a person's judgement, set by hand, as is any status set by hand.
PIPELINE_RELATIONSHIPS = ("new", "pitched", "replied", "sample_sent", "covered")
RELATIONSHIP_STATUSES = PIPELINE_RELATIONSHIPS + ("warm", "active", "advocate", "cold", "do_not_contact")
BLOG_STATUSES = ("active", "paused", "gone")
PLATFORMS = ("blog", "newsletter", "youtube", "podcast", "mastodon", "bluesky")


class Blogger(SQLModel, table=True):
    """The person (or team) behind one or more blogs."""

    __tablename__ = "blogger"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(default="", max_length=300)
    name_source: str = Field(default="", max_length=300)
    location: str = Field(default="", max_length=300)
    about: str = Field(default="", sa_type=Text)
    audience_size: Optional[int] = Field(
        default=None, description="Followers as stated; shown, never used in ranking."
    )
    relationship_status: str = Field(default="new", max_length=20, index=True)
    # True when a person chose the status: the pipeline no longer moves it (until they give it back).
    relationship_set_by_hand: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    do_not_contact: bool = Field(default=False, index=True)
    do_not_contact_reason: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ContactDetail(SQLModel, table=True):
    """An email or social profile of a blogger, with where it was found."""

    __tablename__ = "contact_detail"
    __table_args__ = (
        UniqueConstraint("blogger_id", "kind", "value", name="uq_contact_detail_value"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    blogger_id: int = Field(foreign_key="blogger.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=30)  # email, twitter, instagram, youtube, mastodon, ...
    value: str = Field(max_length=500)
    source_url: str = Field(default="", max_length=2048)
    found_by: str = Field(default="", max_length=100)  # "mailto link", "rel=me", "entered by hand"
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # An email address that bounced: when, and what the receiving server said.
    failing_since: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    failure: str = Field(default="", max_length=1000)


class Blog(SQLModel, table=True):
    """A blog and its feed, with the crawl health of that feed."""

    __tablename__ = "blog"
    __table_args__ = (
        Index("ix_blog_due", "status", "next_check_at"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    feed_url: str = Field(max_length=2048, unique=True)
    homepage_url: str = Field(default="", max_length=2048, index=True)
    title: str = Field(default="", max_length=500, index=True)
    description: str = Field(default="", sa_type=Text)
    blogger_id: Optional[int] = Field(
        default=None, foreign_key="blogger.id", index=True, ondelete="SET NULL"
    )
    status: str = Field(default="active", max_length=20)
    source: str = Field(default="url", max_length=20)  # url, opml, csv, discovered, demo
    # What kind of source publishes the feed: one of PLATFORMS.
    platform: str = Field(default="blog", max_length=20, sa_column_kwargs={"server_default": "blog"})
    # The language its recent posts are written in (ISO 639 code), "" when too little text says;
    # None until read. Read from the text, never from the feed's own claim (often a theme's default).
    language: Optional[str] = Field(default=None, max_length=8, index=True)
    notes: str = Field(default="", max_length=5_000, sa_type=Text)  # from a list's notes column
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    added_by_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    # Crawl state, as Miniflux keeps it on every feed.
    etag: str = Field(default="", max_length=500)
    last_modified: str = Field(default="", max_length=100)
    next_check_at: Optional[datetime] = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_checked_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    last_fetched_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    last_post_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime, index=True)
    error_count: int = Field(default=0)
    last_error: str = Field(default="", max_length=2000)
    profile_checked_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    # A crawl worker's lease on this blog, so two workers never fetch it at once.
    claimed_by: str = Field(default="", max_length=100)
    claimed_until: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    # What the platform says of the channel (podcast author and categories, account ids, cadence):
    # shown on the profile, never ranked.
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False,
                                                                          server_default="{}"))
    # Followers as the platform's open API gave them: shown, never used in the rank.
    followers: Optional[int] = None
    followers_read_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    # The platform's open API (engagement counts), apart from the feed: ok, limited (429),
    # refused (401/403: a private server), gone (404/410), error; and when to ask it again.
    api_status: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    api_message: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    api_checked_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    api_next_check_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class BlogTag(SQLModel, table=True):
    """A tag on a blog (an OPML category, a CSV tag, or one added by hand)."""

    __tablename__ = "blog_tag"

    blog_id: int = Field(foreign_key="blog.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(max_length=100, primary_key=True, index=True)


class Post(SQLModel, table=True):
    """One post of a blog, as its feed gave it."""

    __tablename__ = "post"
    __table_args__ = (
        UniqueConstraint("blog_id", "key", name="uq_post_blog_key"),
        Index("ix_post_blog_published", "blog_id", "published_at"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    blog_id: int = Field(foreign_key="blog.id", ondelete="CASCADE")
    key: str = Field(max_length=512)  # GUID, else link, else a hash of title and content
    url: str = Field(default="", max_length=2048)
    title: str = Field(default="", max_length=1000)
    author: str = Field(default="", max_length=300)
    published_at: datetime = Field(sa_type=UTCDateTime)
    first_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    content_html: str = Field(default="", sa_type=Text)  # sanitised, safe to show
    text: str = Field(default="", sa_type=Text)  # plain text, for scoring
    content_hash: str = Field(default="", max_length=64)
    comment_count: Optional[int] = None  # conversation: comments or replies
    # Open engagement where the platform publishes it (Kaushik's amplification and applause):
    # shares, boosts, reposts and quotes; likes, favourites and ratings; views of a video.
    shares: Optional[int] = None
    likes: Optional[int] = None
    views: Optional[int] = Field(default=None, sa_type=BigInteger)  # the most watched pass 2**31
    duration_seconds: Optional[int] = None  # a video's or an episode's length
    engagement_source: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    engagement_read_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class BlogCandidate(SQLModel, table=True):
    """A blog found in blogrolls or links, waiting for a person to accept or reject it."""

    __tablename__ = "blog_candidate"

    id: Optional[int] = Field(default=None, primary_key=True)
    url: str = Field(max_length=2048, unique=True)
    site: str = Field(max_length=300, index=True)
    found_on_blog_id: Optional[int] = Field(
        default=None, foreign_key="blog.id", ondelete="SET NULL"
    )
    found_on_url: str = Field(default="", max_length=2048)
    found_how: str = Field(default="", max_length=30)  # blogroll, post link
    times_seen: int = Field(default=1)
    status: str = Field(default="proposed", max_length=20, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # When its feed was read (its newest posts and fit are in details["preview"]); None: not yet.
    read_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime, index=True)
    claimed_by: str = Field(default="", max_length=100)  # a scheduler reading it (outreach.core.claims)
    claimed_until: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))

    @property
    def preview(self) -> dict | None:
        """What its feed showed when read (feed_url, title, posts, error, and its fit by niche
        id as a string: score, place, of, terms); None before it was read."""
        return self.details.get("preview") or None


class ForgottenIdentity(SQLModel, table=True):
    """One address of a blogger who asked to be forgotten: an email, or a blog's or profile's
    address (as urls.same_address_key writes it), kept only as a SHA-256 digest so that the
    directory can refuse to add them again without keeping who they were."""

    __tablename__ = "forgotten_identity"

    id: Optional[int] = Field(default=None, primary_key=True)
    digest: str = Field(max_length=64, unique=True)
    kind: str = Field(max_length=20)  # email, address
    forgotten_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    forgotten_by_id: Optional[int] = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
