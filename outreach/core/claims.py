"""Leases on rows of work (webhook deliveries, and any queue like them), so that several
scheduler processes on one database never do the same piece twice; a crashed process's
leases run out. Crawls have their own tuned claims (crawlers/schedule.py)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, select

from outreach.core.db.write_turn import write_turn


def claim_rows(session: Session, model, wanted, now: datetime, *, limit: int, lease_seconds: int = 600) -> list[int]:
    """Lease up to `limit` rows of `model` matching `wanted` and not leased now; returns their ids.

    The model has `claimed_by` and `claimed_until` columns. On PostgreSQL the rows are picked
    with SKIP LOCKED; on SQLite the lease's own UPDATE checks again that each row is free."""
    free = or_(model.claimed_until.is_(None), model.claimed_until < now)
    picked = list(session.exec(select(model.id).where(wanted, free).order_by(model.id).limit(limit)
                               .with_for_update(skip_locked=True)))
    if not picked:
        session.commit()
        return []
    token = uuid.uuid4().hex
    with write_turn(session):
        session.exec(update(model).where(model.id.in_(picked), free)
                     .values(claimed_by=token, claimed_until=now + timedelta(seconds=lease_seconds)))
        session.commit()
    return list(session.exec(select(model.id).where(model.id.in_(picked), model.claimed_by == token)))


def release(row) -> None:
    """Drop a row's lease (the caller commits with the work it did)."""
    row.claimed_by, row.claimed_until = "", None
