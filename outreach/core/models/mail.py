"""Connected mailboxes, the outbox of messages on their way, follow-up sequences, and the
hosts an admin allowed to be reached without TLS."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import BigInteger, Index, Integer, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlmodel import Field, SQLModel

from outreach.core.models.contact import LONG_TEXT
from outreach.core.models.types import UTCDateTime, utcnow

TLS_MODES = ("implicit", "starttls", "none")  # "none" only for a host an admin allowed
OUTBOX_STATUSES = ("scheduled", "queued", "sending", "sent", "failed", "unsure", "paused", "cancelled",
                   "awaiting_approval")
# Rows a scheduler may pick up: "queued" now, "scheduled" follow-ups when their time comes.
SENDABLE_STATUSES = ("queued", "scheduled")


# A folder's UIDVALIDITY is any 32-bit unsigned number, past PostgreSQL's INTEGER; SQLite's INTEGER holds it.
UIDVALIDITY = BigInteger().with_variant(Integer(), "sqlite")


class MailboxBase(SQLModel):
    """What a person enters to connect a mailbox (the password is entered apart and encrypted)."""

    name: str = Field(max_length=200)
    email_address: str = Field(max_length=320)
    display_name: str = Field(default="", max_length=200)
    smtp_host: str = Field(max_length=253)
    smtp_port: int = Field(default=465, ge=1, le=65535)
    smtp_tls: str = Field(default="implicit", max_length=10)  # one of TLS_MODES
    imap_host: str = Field(default="", max_length=253)  # empty: replies are not read
    imap_port: int = Field(default=993, ge=1, le=65535)
    imap_tls: str = Field(default="implicit", max_length=10)
    username: str = Field(max_length=320)
    daily_limit: int = Field(default=100, ge=1, le=10_000)
    # The hours in which mail is sent, and the day its daily limit counts, on the clock of its zone.
    window_start_hour: int = Field(default=8, ge=0, le=23)
    window_end_hour: int = Field(default=18, ge=1, le=24)
    time_zone: str = Field(default="UTC", max_length=64, sa_column_kwargs={"server_default": "UTC"})
    send_on_weekends: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})
    signature: str = Field(default="", max_length=2000, sa_type=Text)  # under every email, after "-- "
    # A copy of each email sent goes to its Sent folder (Gmail and Microsoft 365 file SMTP's mail themselves).
    copy_to_sent: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})


class Mailbox(MailboxBase, table=True):
    """A mailbox the app sends from and reads replies in: a person's own, or the team's (no owner)."""

    __tablename__ = "mailbox"

    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: Optional[int] = Field(default=None, foreign_key="user_account.id", index=True, ondelete="CASCADE")
    # Fernet token of the password, or for a mailbox signed in through its provider (oauth_provider
    # set) of the refresh token; never shown again.
    password_encrypted: str = Field(default="", sa_type=Text)
    oauth_provider: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})  # google, microsoft
    oauth_access_encrypted: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    oauth_access_expires_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    login_refused_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)  # None while logins work

    @property
    def connected(self) -> bool:
        """Whether mail can go out from it now: switched on, with a password stored."""
        return self.is_active and bool(self.password_encrypted)
    is_active: bool = Field(default=True)
    # Where reading stopped: a new UIDVALIDITY means the folder was rebuilt and is read afresh.
    imap_uidvalidity: Optional[int] = Field(default=None, sa_type=UIDVALIDITY)
    imap_last_uid: int = Field(default=0)
    last_read_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    # The Junk folder is read too (a blogger's answer filed as spam would let the follow-ups go on), less often.
    junk_folder: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    junk_uidvalidity: Optional[int] = Field(default=None, sa_type=UIDVALIDITY)
    junk_last_uid: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    junk_read_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    # Until when it sends nothing: its provider said its own sending limit was reached (Gmail's daily one).
    resting_until: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    next_read_at: Optional[datetime] = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_error: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    claimed_by: str = Field(default="", max_length=100)
    claimed_until: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class PlaintextHost(SQLModel, table=True):
    """A mail host an admin allowed to be reached without TLS (a relay on the local network)."""

    __tablename__ = "mail_plaintext_host"

    host: str = Field(max_length=253, primary_key=True)
    allowed_by_id: Optional[int] = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    allowed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BlockedDomain(SQLModel, table=True):
    """A domain the team never emails (a competitor's network, a brand's request): no email from the
    app goes to an address at it or at one of its subdomains."""

    __tablename__ = "mail_blocked_domain"

    domain: str = Field(max_length=253, primary_key=True)  # lower case, IDNA form, no "www."
    reason: str = Field(default="", max_length=500)
    added_by_id: Optional[int] = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SequenceStep(SQLModel, table=True):
    """A follow-up of a campaign's sequence: sent `delay_days` after the first pitch (counting Monday to
    Friday only, when `working_days`) unless stopped."""

    __tablename__ = "sequence_step"
    __table_args__ = (UniqueConstraint("campaign_id", "position", name="uq_sequence_step_position"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True, ondelete="CASCADE")
    position: int = Field(default=2, ge=2, le=20)  # the pitch is step 1
    delay_days: int = Field(default=4, ge=1, le=365)
    working_days: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    subject: str = Field(default="", max_length=500)  # empty: "Re: " and the pitch's subject
    body: str = Field(default="", max_length=LONG_TEXT, sa_type=Text)


class OutboxMessage(SQLModel, table=True):
    """An email on its way: written before it is sent with its Message-ID fixed, sent once,
    retried with backoff, claimed by one scheduler at a time."""

    __tablename__ = "outbox_message"
    # The daily limit counts a mailbox's messages sent since midnight before each send: the
    # (mailbox, sent) index answers that from the index alone, and serves mailbox lookups too.
    __table_args__ = (Index("ix_outbox_message_due", "status", "send_after"),
                      Index("ix_outbox_message_mailbox_sent", "mailbox_id", "sent_at"))

    id: Optional[int] = Field(default=None, primary_key=True)
    mailbox_id: int = Field(foreign_key="mailbox.id", ondelete="CASCADE")
    entry_id: int = Field(foreign_key="pipeline_entry.id", index=True, ondelete="CASCADE")
    created_by_id: Optional[int] = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    message_id: str = Field(max_length=300, unique=True)
    in_reply_to: str = Field(default="", max_length=300)
    to_address: str = Field(max_length=320)
    subject: str = Field(default="", max_length=500)
    body: str = Field(default="", max_length=LONG_TEXT, sa_type=Text)
    step: int = Field(default=1)  # 1 the pitch, 2.. the sequence's follow-ups
    is_answer: bool = Field(default=False)  # our answer to a blogger's message: no sequence, no pitch guard
    status: str = Field(default="queued", max_length=20)
    send_after: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    attempts: int = Field(default=0)
    last_error: str = Field(default="", max_length=2000)
    sent_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    bounced_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)  # its bounce read back
    pitch_id: Optional[int] = Field(default=None, foreign_key="pitch.id", ondelete="SET NULL")
    template_id: Optional[int] = Field(default=None, foreign_key="pitch_template.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    claimed_by: str = Field(default="", max_length=100)
    claimed_until: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
