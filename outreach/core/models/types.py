"""Column types shared by the models."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

# Row ids are 32-bit integers: no row has an id beyond this, and PostgreSQL cannot even compare one.
MAX_ID = 2**31 - 1


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


def utc_today() -> date:
    """Today's date in UTC: the day follow-ups fall due and reports end."""
    return utcnow().date()


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no timezone, PostgreSQL does: this makes both give the same
    aware datetimes, so code never compares naive with aware values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a timezone")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
