"""Campaigns and their pipeline: members, stages, entries and the moves between stages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import JSON, Column, Index, Integer, Numeric, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

from outreach.core.models.types import UTCDateTime, utcnow

# (name, kind): kind says what reaching the stage means, so reports survive renames.
DEFAULT_STAGES: tuple[tuple[str, str], ...] = (
    ("Shortlisted", "shortlisted"),
    ("Researching", "researching"),
    ("Pitched", "pitched"),
    ("Responded", "responded"),
    ("Sample sent", "sample_sent"),
    ("Covered", "covered"),
    ("Ongoing relationship", "ongoing"),
    ("Declined", "declined"),
    ("No response", "no_response"),
)
CLOSED_STAGE_KINDS = frozenset({"declined", "no_response"})


class Campaign(SQLModel, table=True):
    """A brand's outreach effort for one niche, with its own stages and members."""

    __tablename__ = "campaign"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    brand: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=5000, sa_type=Text)
    niche_id: Optional[int] = Field(default=None, foreign_key="niche.id", ondelete="SET NULL")
    starts_on: Optional[date] = None
    ends_on: Optional[date] = None
    # Terms whose appearance in a new post suggests coverage (brand, product names).
    brand_terms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The brand's own sites (hosts): confirmed coverage is checked for a link to one of them.
    brand_sites: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    # Words the brand will not be seen beside (a competitor, a subject): bloggers' posts that use
    # them are shown before anyone pitches.
    avoid_terms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    # Confirming coverage moves the card to this stage kind ("" leaves the card where it is).
    coverage_stage_kind: str = Field(default="covered", max_length=20)
    # How many coverage posts the campaign sets out to win (None: no goal), shown as its progress.
    coverage_goal: Optional[int] = Field(default=None, ge=1, le=100_000)
    # What the brand set aside for bloggers' fees (None: no budget), in budget_currency.
    budget: Optional[Decimal] = Field(default=None, ge=0, le=100_000_000, max_digits=12, decimal_places=2,
                                      sa_type=Numeric(12, 2))
    budget_currency: str = Field(default="", max_length=3, sa_column_kwargs={"server_default": ""})
    # A pitch from staff waits for a manager's approval before it goes (an agency's juniors, a brand's sign-off).
    pitches_need_approval: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    is_archived: bool = Field(default=False)
    # The SHA-256 of the private address of its report for the brand ("" while not shared).
    share_token_hash: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    created_by_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CampaignMember(SQLModel, table=True):
    """A staff member who works a campaign."""

    __tablename__ = "campaign_member"

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user_account.id", primary_key=True, ondelete="CASCADE")


class Stage(SQLModel, table=True):
    """One column of a campaign's board."""

    __tablename__ = "stage"
    __table_args__ = (
        UniqueConstraint("campaign_id", "name", name="uq_stage_campaign_name"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=100)
    position: int = Field(default=0)
    kind: str = Field(default="custom", max_length=20)


_ENTRY_VERSION = Column("version", Integer, nullable=False, default=1)


class PipelineEntry(SQLModel, table=True):
    """One blogger in one campaign: where they stand, who owns them, what is next."""

    __tablename__ = "pipeline_entry"
    __table_args__ = (
        UniqueConstraint("campaign_id", "blogger_id", name="uq_entry_campaign_blogger"),
        # The board reads each column's best cards straight from this index.
        Index("ix_entry_campaign_stage_score", "campaign_id", "stage_id", "score", "id"),
        # The menu's follow-up count, on every page, reads only this index (campaign_id
        # included, so the rows themselves are never read).
        Index("ix_entry_owner_follow_up_campaign", "owner_id", "next_follow_up_on", "campaign_id"),
        # The live board's version (count, sum of versions, newest id), polled by every open
        # board, reads only this index.
        Index("ix_entry_campaign_version", "campaign_id", "version"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    blogger_id: int = Field(foreign_key="blogger.id", index=True, ondelete="CASCADE")
    stage_id: int = Field(foreign_key="stage.id")
    owner_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    score: Optional[float] = None  # the niche score when shortlisted
    next_follow_up_on: Optional[date] = None
    last_contact_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    stage_entered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Optimistic locking: an update that read an older version fails instead of
    # silently overwriting a colleague's change.
    version: int = Field(default=1, sa_column=_ENTRY_VERSION)

    __mapper_args__ = {"version_id_col": _ENTRY_VERSION}


class StageChange(SQLModel, table=True):
    """A card moved from one stage to another: who, from, to, when."""

    __tablename__ = "stage_change"

    id: Optional[int] = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="pipeline_entry.id", index=True, ondelete="CASCADE")
    from_stage_id: Optional[int] = Field(default=None, foreign_key="stage.id", ondelete="SET NULL")
    to_stage_id: Optional[int] = Field(default=None, foreign_key="stage.id", ondelete="SET NULL")
    # Names as they were, so history reads right after a stage is renamed or removed.
    from_stage_name: str = Field(default="", max_length=100)
    to_stage_name: str = Field(max_length=100)
    changed_by_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
