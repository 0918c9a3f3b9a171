"""Contact with a blogger in a campaign: pitches, replies, samples, fees, notes, pitch templates
and the coverage won. Each *Base declares the fields a person enters and their limits, once: the
table, the page's form and the API's schema all read them from here."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import JSON, Column, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from outreach.core.models.types import UTCDateTime, utcnow

PITCH_CHANNELS = ("email", "social", "phone", "comment", "event")
PITCH_OUTCOMES = ("pending", "replied", "accepted", "declined", "no_response")
SAMPLE_STATUSES = ("planned", "sent", "received", "returned", "lost")
SENT_SAMPLE_STATUSES = ("sent", "received", "returned")  # a sample that went out to the blogger
FEE_STATUSES = ("agreed", "invoiced", "paid", "cancelled")
DELIVERABLE_STATUSES = ("planned", "published", "cancelled")
COVERAGE_STATUSES = ("proposed", "confirmed", "rejected")
LONG_TEXT = 50_000  # a pitch, a reply, a template: a long email, not a book
NOTE_TEXT = 20_000


class PitchBase(SQLModel):
    """What a person enters to log a pitch or a follow-up."""

    channel: str = Field(default="email", max_length=20)  # one of PITCH_CHANNELS
    subject: str = Field(default="", max_length=500)
    message: str = Field(default="", max_length=LONG_TEXT, sa_type=Text)
    follow_up_on: Optional[date] = None
    is_follow_up: bool = Field(default=False)


class Pitch(PitchBase, table=True):
    """A pitch or a follow-up sent to a blogger."""

    __tablename__ = "pitch"

    id: Optional[int] = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="pipeline_entry.id", index=True, ondelete="CASCADE")
    sent_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    sent_by_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", index=True, ondelete="SET NULL"
    )
    outcome: str = Field(default="pending", max_length=20)
    message_id: str = Field(default="", max_length=300, index=True)  # set when sent from the app
    # The template it was written from (however much it was edited), for the templates' report.
    template_id: Optional[int] = Field(default=None, foreign_key="pitch_template.id", index=True, ondelete="SET NULL")


class ReplyBase(SQLModel):
    """What a person enters to log a blogger's reply."""

    channel: str = Field(default="email", max_length=20)
    summary: str = Field(default="", max_length=LONG_TEXT, sa_type=Text)
    sentiment: str = Field(default="neutral", max_length=20)  # positive, neutral, negative


class Reply(ReplyBase, table=True):
    """A blogger's answer, logged by whoever received it."""

    __tablename__ = "reply"

    id: Optional[int] = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="pipeline_entry.id", index=True, ondelete="CASCADE")
    pitch_id: Optional[int] = Field(default=None, foreign_key="pitch.id", ondelete="SET NULL")
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    logged_by_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    # Replies read from a mailbox: the message's own id and sender, and when we answered it
    # (empty while it waits for us), for the response-speed list and its alert.
    message_id: str = Field(default="", max_length=300, index=True)
    from_address: str = Field(default="", max_length=320)
    answered_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    alerted_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    asks_removal: bool = Field(default=False)  # "please remove me": proposed for do-not-contact
    subject: str = Field(default="", max_length=500)  # a read reply's, for our answer's "Re:"


class SampleBase(SQLModel):
    """What a person enters about a product sample."""

    item: str = Field(min_length=1, max_length=300)
    quantity: int = Field(default=1, ge=1, le=100_000)
    unit_value: Decimal = Field(default=Decimal("0"), ge=0, le=10_000_000, max_digits=12, decimal_places=2,
                                sa_type=Numeric(12, 2))
    currency: str = Field(default="USD", min_length=3, max_length=3,
                          schema_extra={"pattern": r"^[A-Za-z]{3}$"})  # ISO 4217, e.g. EUR
    shipping_address: str = Field(default="", max_length=2000, sa_type=Text)
    carrier: str = Field(default="", max_length=100)
    tracking_number: str = Field(default="", max_length=100)
    sent_on: Optional[date] = None
    received_on: Optional[date] = None
    returned_on: Optional[date] = None


class Sample(SampleBase, table=True):
    """A product sample sent to a blogger."""

    __tablename__ = "sample"

    id: Optional[int] = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="pipeline_entry.id", index=True, ondelete="CASCADE")
    status: str = Field(default="planned", max_length=20, index=True)
    created_by_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The SHA-256 of the private link that asks the blogger for the address ("" when none is out),
    # when it was made, and when they gave the address through it.
    address_token_hash: str = Field(default="", max_length=64, index=True, sa_column_kwargs={"server_default": ""})
    address_asked_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    address_given_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class FeeBase(SQLModel):
    """What a person enters about a fee agreed with a blogger: a sponsored post, a video, a day's work."""

    description: str = Field(min_length=1, max_length=300)
    amount: Decimal = Field(ge=0, le=100_000_000, max_digits=12, decimal_places=2, sa_type=Numeric(12, 2))
    currency: str = Field(default="USD", min_length=3, max_length=3,
                          schema_extra={"pattern": r"^[A-Za-z]{3}$"})  # ISO 4217, e.g. EUR
    due_on: Optional[date] = None
    invoice_reference: str = Field(default="", max_length=100)


class Fee(FeeBase, table=True):
    """A fee agreed with a blogger in a campaign, followed from agreement to payment."""

    __tablename__ = "fee"

    id: Optional[int] = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="pipeline_entry.id", index=True, ondelete="CASCADE")
    status: str = Field(default="agreed", max_length=20, index=True)  # one of FEE_STATUSES
    agreed_on: date
    invoiced_on: Optional[date] = None
    paid_on: Optional[date] = None
    created_by_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DeliverableBase(SQLModel):
    """What a blogger agreed to publish, and by when."""

    description: str = Field(min_length=1, max_length=300)
    due_on: Optional[date] = None


class Deliverable(DeliverableBase, table=True):
    """A post, video or episode a blogger agreed to publish in a campaign: planned until a person
    marks it published with the coverage post that delivered it, or cancels it."""

    __tablename__ = "deliverable"

    id: Optional[int] = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="pipeline_entry.id", index=True, ondelete="CASCADE")
    status: str = Field(default="planned", max_length=20, index=True)  # one of DELIVERABLE_STATUSES
    coverage_id: Optional[int] = Field(default=None, foreign_key="coverage.id", ondelete="SET NULL")
    published_on: Optional[date] = None
    created_by_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class NoteBase(SQLModel):
    """What a person writes in a note: a long email's worth, not a book."""

    body: str = Field(min_length=1, max_length=NOTE_TEXT, sa_type=Text)


class Note(NoteBase, table=True):
    """A free-text note on a blogger or on one campaign entry."""

    __tablename__ = "note"

    id: Optional[int] = Field(default=None, primary_key=True)
    blogger_id: Optional[int] = Field(
        default=None, foreign_key="blogger.id", index=True, ondelete="CASCADE"
    )
    entry_id: Optional[int] = Field(
        default=None, foreign_key="pipeline_entry.id", index=True, ondelete="CASCADE"
    )
    author_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class PitchTemplate(SQLModel, table=True):
    """A reusable pitch with merge fields such as {{ first_name }}."""

    __tablename__ = "pitch_template"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    subject: str = Field(default="", max_length=500)
    body: str = Field(default="", max_length=LONG_TEXT, sa_type=Text)
    created_by_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Coverage(SQLModel, table=True):
    """A post that may be (or is) coverage won for a campaign entry."""

    __tablename__ = "coverage"
    __table_args__ = (
        UniqueConstraint("entry_id", "post_id", name="uq_coverage_entry_post"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="pipeline_entry.id", index=True, ondelete="CASCADE")
    post_id: Optional[int] = Field(default=None, foreign_key="post.id", ondelete="SET NULL")
    url: str = Field(default="", max_length=2048)
    title: str = Field(default="", max_length=1000)
    excerpt: str = Field(default="", sa_type=Text)
    matched_terms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="proposed", max_length=20, index=True)
    found_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_by_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    decided_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    # Kaushik's measures: conversation from the feed's comment count; amplification,
    # applause and economic value entered by hand when known.
    comments: Optional[int] = Field(default=None, ge=0, le=10_000_000)
    shares: Optional[int] = Field(default=None, ge=0, le=100_000_000)
    likes: Optional[int] = Field(default=None, ge=0, le=100_000_000)
    economic_value: Optional[Decimal] = Field(default=None, ge=0, le=100_000_000, max_digits=12, decimal_places=2,
                                              sa_type=Numeric(12, 2))
    # Whether the confirmed post still links to the brand's sites, checked weekly: "" not yet,
    # "linked", "no_link" (the page answers without one), "gone" (404 or 410), "error".
    link_status: str = Field(default="", max_length=20)
    links_found: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    link_error: str = Field(default="", max_length=500)
    link_checked_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    # The disclosure the post makes ("sponsored", "#ad"), read from its text and its live page:
    # None while not read, "" when none was found.
    disclosure: Optional[str] = Field(default=None, max_length=40)
    claimed_by: str = Field(default="", max_length=100)  # a scheduler checking its link (outreach.core.claims)
    claimed_until: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
