"""The audit trail: every change a person makes, attributed and timestamped."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from outreach.core.models import AuditEvent, User


def record(
    session: Session,
    user: User | None,
    action: str,
    object_type: str,
    object_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the session; it commits with the change it describes."""
    event = AuditEvent(
        user_id=user.id if user is not None else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )
    session.add(event)
    return event
