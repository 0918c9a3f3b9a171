"""Niches: what a brand wants bloggers to write about."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from outreach.core.models.types import UTCDateTime, utcnow


class Niche(SQLModel, table=True):
    """A brand's topic: a brief, weighted keywords, exclusions and seed examples."""

    __tablename__ = "niche"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    brief: str = Field(max_length=5_000, sa_type=Text)
    # [{"term": "trail running", "weight": 2.0}, ...]
    keywords: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    exclusions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Set when a person asks for the niche's candidate blogs; the next crawl tick reads the
    # blogrolls of its best-ranked blogs (outreach.jobs.discovery) and clears it.
    discovery_requested_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    # Discovery again every this many days, by the scheduler (None: only when a person asks);
    # its creator hears of the new candidates that would rank in its top 10.
    discover_every_days: Optional[int] = Field(default=None)
    discovered_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)  # the scheduler's last
    claimed_by: str = Field(default="", max_length=100)  # a scheduler running its discovery (outreach.core.claims)
    claimed_until: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class NicheSeed(SQLModel, table=True):
    """An example of on-topic writing: a URL (fetched once) or pasted text."""

    __tablename__ = "niche_seed"

    id: Optional[int] = Field(default=None, primary_key=True)
    niche_id: int = Field(foreign_key="niche.id", index=True, ondelete="CASCADE")
    url: str = Field(default="", max_length=2048)
    post_id: Optional[int] = Field(default=None, foreign_key="post.id", ondelete="SET NULL")
    text: str = Field(default="", max_length=50_000, sa_type=Text)  # pasted: a long post at most
    fetched_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    error: str = Field(default="", max_length=1000)
    claimed_by: str = Field(default="", max_length=100)  # a scheduler reading its page (outreach.core.claims)
    claimed_until: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class NicheFit(SQLModel, table=True):
    """A person's verdict on a ranked blog for a niche: a good fit, or not a fit. The niche's
    ranking leans toward what the good fits write and away from what the others do."""

    __tablename__ = "niche_fit"
    __table_args__ = (UniqueConstraint("niche_id", "blog_id", name="uq_niche_fit_blog"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    niche_id: int = Field(foreign_key="niche.id", index=True, ondelete="CASCADE")
    blog_id: int = Field(foreign_key="blog.id", index=True, ondelete="CASCADE")
    fit: bool
    marked_by_id: Optional[int] = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    marked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
