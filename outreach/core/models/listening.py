"""Listening: brand monitors, the mentions they find in crawled posts, the people who watch
them, and what reaches those people (in-app notifications, signed webhooks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from outreach.core.models.types import UTCDateTime, utcnow


class MonitorBase(SQLModel):
    """What a person enters to describe a monitor."""

    name: str = Field(min_length=1, max_length=200)
    # Brand names, products and phrases, each matched as a whole phrase in any case, accents folded.
    terms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Phrases whose occurrences do not count ("trail fox sightings" for a monitor of "Trail Fox").
    exclusions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    webhook_url: str = Field(default="", max_length=2048)
    quiet: bool = Field(default=False)  # watchers get one digest a day instead of an alert per crawl


class Monitor(MonitorBase, table=True):
    """A brand to listen for in everything the crawler reads."""

    __tablename__ = "monitor"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    # Signs each delivery; sealed under the mail key when one is set (outreach.core.monitors).
    webhook_secret: str = Field(default="", max_length=300)
    is_active: bool = Field(default=True)
    # When its terms were last looked for in posts crawled before it (None: not yet).
    scanned_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    created_by_id: Optional[int] = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MonitorWatcher(SQLModel, table=True):
    """A person told of a monitor's new mentions."""

    __tablename__ = "monitor_watcher"

    monitor_id: int = Field(foreign_key="monitor.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user_account.id", primary_key=True, ondelete="CASCADE")


class Mention(SQLModel, table=True):
    """A post that names a monitored brand."""

    __tablename__ = "mention"
    __table_args__ = (
        UniqueConstraint("monitor_id", "post_id", name="uq_mention_monitor_post"),
        Index("ix_mention_monitor_published", "monitor_id", "published_at"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    monitor_id: int = Field(foreign_key="monitor.id", ondelete="CASCADE")
    post_id: int = Field(foreign_key="post.id", index=True, ondelete="CASCADE")
    blog_id: int = Field(foreign_key="blog.id", index=True, ondelete="CASCADE")
    blogger_id: Optional[int] = Field(default=None, foreign_key="blogger.id", index=True, ondelete="SET NULL")
    matched_terms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    excerpt: str = Field(default="", sa_type=Text)
    published_at: datetime = Field(sa_type=UTCDateTime)
    found_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class Notification(SQLModel, table=True):
    """Something a person should see in the app: a new mention, a digest, an alert."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_unread", "user_id", "read_at"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    kind: str = Field(max_length=30)  # mention, digest
    title: str = Field(max_length=500)
    body: str = Field(default="", sa_type=Text)
    url: str = Field(default="", max_length=2048)  # where the app shows it
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class EventHook(SQLModel, table=True):
    """An address the team's own tools (a chat channel, a CRM) are told at of what happens in the
    pipeline: a reply arriving, a card moving, coverage confirmed, an email sent."""

    __tablename__ = "event_hook"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    webhook_url: str = Field(max_length=2048)
    # Signs each delivery; sealed under the mail key when one is set (outreach.core.monitors).
    webhook_secret: str = Field(default="", max_length=300)
    events: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by_id: Optional[int] = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Paused (a receiver being mended, a CRM moving): told of nothing meanwhile, what waits held.
    paused_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class WebhookDelivery(SQLModel, table=True):
    """A mention on its way to a monitor's webhook, or an event to a team's hook: written first, sent
    once, retried with backoff, claimed by one scheduler at a time."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (Index("ix_webhook_delivery_due", "delivered_at", "next_attempt_at"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    monitor_id: Optional[int] = Field(default=None, foreign_key="monitor.id", index=True, ondelete="CASCADE")
    hook_id: Optional[int] = Field(default=None, foreign_key="event_hook.id", index=True, ondelete="CASCADE")
    event: str = Field(default="mention.found", max_length=40, sa_column_kwargs={"server_default": "mention.found"})
    mention_id: Optional[int] = Field(default=None, foreign_key="mention.id", ondelete="SET NULL")
    # The blogger an event tells of: what is waiting goes when they are forgotten, and follows a merge.
    blogger_id: Optional[int] = Field(default=None, foreign_key="blogger.id", index=True, ondelete="CASCADE")
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    delivered_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    gave_up_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    last_error: str = Field(default="", max_length=1000)
    claimed_by: str = Field(default="", max_length=100)
    claimed_until: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
