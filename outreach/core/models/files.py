"""Files a campaign's pitches carry (a press release, a lookbook, a price list), which email carried
which, and the files bloggers' replies carry."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from outreach.core.models.types import UTCDateTime, utcnow


class CampaignFile(SQLModel, table=True):
    """A file kept in the database (so that every web and mail process of a team reads the same),
    for the campaign's emails to attach."""

    __tablename__ = "campaign_file"
    __table_args__ = (UniqueConstraint("campaign_id", "name", name="uq_campaign_file_name"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    name: str = Field(min_length=1, max_length=200)
    content_type: str = Field(max_length=100)  # from its kind as checked, never from the upload
    size: int = Field(ge=0)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by_id: Optional[int] = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OutboxAttachment(SQLModel, table=True):
    """A file an email carries; its name stays after the file is removed, for the thread to say
    what went."""

    __tablename__ = "outbox_attachment"

    id: Optional[int] = Field(default=None, primary_key=True)
    outbox_message_id: int = Field(foreign_key="outbox_message.id", index=True, ondelete="CASCADE")
    file_id: Optional[int] = Field(default=None, foreign_key="campaign_file.id", index=True, ondelete="SET NULL")
    name: str = Field(max_length=200)
    size: int = Field(default=0, ge=0)


class ReplyFile(SQLModel, table=True):
    """A file a blogger's reply carried (a media kit, a rate card, an invoice), kept with the reply."""

    __tablename__ = "reply_file"

    id: Optional[int] = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    content_type: str = Field(max_length=100)  # from its checked kind, else application/octet-stream
    size: int = Field(default=0, ge=0)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # empty when too large to keep
