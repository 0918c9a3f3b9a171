"""People who use the tool, their API tokens, and the audit trail of what they did."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, Column, Index, UniqueConstraint
from sqlalchemy import true as sa_true
from sqlmodel import Field, SQLModel

from outreach.core.models.types import UTCDateTime, utcnow

ROLES = ("admin", "manager", "staff")


class User(SQLModel, table=True):
    """A person who signs in; the role decides what they may see and change."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'manager', 'staff')", name="ck_user_account_role"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True)
    name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=300)
    role: str = Field(default="staff", max_length=20)
    is_active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_login_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    # Part of every session's and remember cookie's user id: moving it on ends them all.
    session_generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Two-step sign-in: the authenticator app's secret (sealed under the app's secret key, see
    # core/two_step.py; empty: off), and the last time step whose code signed in, so that a code
    # seen over a shoulder cannot be used again.
    two_step_secret: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    two_step_last_step: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    two_step_since: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    # Which of the app's emails they want; what an email says is in the app either way.
    email_digest: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})
    email_alerts: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})
    email_weekly_report: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})  # managers
    # The private address of their follow-ups' calendar feed: only its hash (empty: none).
    calendar_token_hash: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    # The zone their pages show times in, and their "send at" times and "today" are read in.
    time_zone: str = Field(default="UTC", max_length=64, sa_column_kwargs={"server_default": "UTC"})

    @property
    def has_two_step(self) -> bool:
        return bool(self.two_step_secret)

    @property
    def display_name(self) -> str:
        return self.name or self.email

    # Flask-Login asks these of the user object.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the id and the generation."""
        return f"{self.id}:{self.session_generation}"


class ApiToken(SQLModel, table=True):
    """A personal API token; only its hash is stored."""

    __tablename__ = "api_token"

    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    token_hash: str = Field(max_length=128, unique=True)
    prefix: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    revoked_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class RecoveryCode(SQLModel, table=True):
    """A one-time code that signs in in place of the authenticator app; only its hash is stored."""

    __tablename__ = "recovery_code"

    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64)
    used_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class SignInIdentity(SQLModel, table=True):
    """A Google or Microsoft account a person linked to theirs, to sign in with it: known by the ID
    token's issuer and subject, which stay the same when the account's address changes hands."""

    __tablename__ = "sign_in_identity"
    __table_args__ = (UniqueConstraint("provider", "subject", name="uq_sign_in_identity_subject"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    provider: str = Field(max_length=20)  # google, microsoft
    subject: str = Field(max_length=600)  # "<issuer>|<subject>"
    email: str = Field(default="", max_length=320)  # the account's address when linked, to show
    linked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AuditEvent(SQLModel, table=True):
    """One change a person made: who, what, to which row, when."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_object", "object_type", "object_id"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    user_id: Optional[int] = Field(
        default=None, foreign_key="user_account.id", index=True, ondelete="SET NULL"
    )
    action: str = Field(max_length=80)
    object_type: str = Field(max_length=40)
    object_id: Optional[int] = None
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SavedView(SQLModel, table=True):
    """A person's named search of a list page (its query string), reopened or shared by link."""

    __tablename__ = "saved_view"
    __table_args__ = (
        UniqueConstraint("user_id", "page", "name", name="uq_saved_view_user_page_name"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    page: str = Field(max_length=40)  # which list: "directory"
    name: str = Field(min_length=1, max_length=100)
    query: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
