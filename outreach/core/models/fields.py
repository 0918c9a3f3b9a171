"""The team's own fields on bloggers (a rate card, an audience, a size of shoe for samples): what
each holds, and each blogger's values."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from outreach.core.models.types import UTCDateTime, utcnow

FIELD_KINDS = ("text", "number", "choice", "date")
MAX_CHOICES = 50


class CustomField(SQLModel, table=True):
    """A field the team added to every blogger's profile."""

    __tablename__ = "custom_field"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(min_length=1, max_length=100, unique=True)
    kind: str = Field(default="text", max_length=20)  # one of FIELD_KINDS
    choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by_id: Optional[int] = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CustomValue(SQLModel, table=True):
    """One blogger's value of one field, as text (a number written as the field reads it)."""

    __tablename__ = "custom_value"

    blogger_id: int = Field(foreign_key="blogger.id", primary_key=True, ondelete="CASCADE")
    field_id: int = Field(foreign_key="custom_field.id", primary_key=True, index=True, ondelete="CASCADE")
    value: str = Field(max_length=1000)
