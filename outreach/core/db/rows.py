"""Rows looked up by an id from outside (a form, a query, a command): an id past the integer
range of every row is no row, and a database refuses even to compare one."""

from __future__ import annotations

from sqlmodel import Session

from outreach.core.models import MAX_ID


def is_row_id(value) -> bool:
    """Whether some row could have this id."""
    return isinstance(value, int) and 0 < value <= MAX_ID


def row_or_none(session: Session, model: type, row_id: int | None):
    """The row with this id, or None (also for an id no row can have)."""
    return session.get(model, row_id) if is_row_id(row_id) else None
