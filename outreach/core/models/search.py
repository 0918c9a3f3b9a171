"""The search index's place in its database: who the database is, which generation of the
index is current, and that generation's files, so that every process ranks from it."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, LargeBinary
from sqlmodel import Field, SQLModel

from outreach.core.models.types import UTCDateTime


class IndexState(SQLModel, table=True):
    """One row: this database's random identity and the newest published index generation."""

    __tablename__ = "index_state"

    id: int = Field(default=1, primary_key=True)
    database_id: str = Field(max_length=32)
    generation: int = Field(default=0)  # 0: no index published yet
    # Random per published generation: a copy of the database (a restored backup) that
    # publishes its own generation N is not taken for the original's generation N.
    generation_token: str = Field(default="", max_length=32)
    published_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    posts: int = Field(default=0)
    blogs: int = Field(default=0)
    size: int = Field(default=0, sa_type=BigInteger)  # bytes of the published files
    # How many BlogRemoval rows the published index had seen when it read the blogs: more rows
    # now mean its files still hold posts of a blog deleted since. (Counted, not the largest id:
    # ids are handed out before commit, so a later id may commit first.)
    removals_indexed: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class BlogRemoval(SQLModel, table=True):
    """Blogs were deleted (by hand, merged into another, or forgotten at their request): the
    search index must drop their posts at its next refresh, whether or not anything was crawled."""

    __tablename__ = "blog_removal"

    id: Optional[int] = Field(default=None, primary_key=True)
    removed_at: datetime = Field(sa_type=UTCDateTime)
    blogs: int = Field(default=1)  # how many went at once; no id, nothing about whose they were


class IndexChunk(SQLModel, table=True):
    """A piece of a published index generation's files (a tar stream, cut in pieces)."""

    __tablename__ = "index_chunk"

    generation: int = Field(primary_key=True)
    seq: int = Field(primary_key=True)
    data: bytes = Field(sa_type=LargeBinary)
