"""A manager's approval of staff's pitches, in the campaigns that ask for it: approved, a pitch
goes as any other; sent back, it is cancelled with the manager's reason. Either way its author hears."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any, Mapping

from sqlmodel import Session, func, select

from outreach.core import audit
from outreach.core.access import MANAGING_ROLES, can_manage, visible_campaigns
from outreach.core.alerts import alert
from outreach.core.errors import Refused
from outreach.core.models import Campaign, CampaignMember, OutboxMessage, PipelineEntry, User, utcnow

MAX_NOTE = 1000


class NotApprover(Refused):
    """Someone who does not manage tried to approve a pitch or send it back."""

    def __init__(self) -> None:
        super().__init__("Only a manager or an admin approves pitches.")


def approve(session: Session, manager: User, row: OutboxMessage, settings: Mapping[str, Any]) -> EmailMessage | None:
    """Let a pitch waiting for approval go (now, or at its time); returns its author's alert email
    for the caller to send after committing."""
    check_approver(manager, row)
    row.status = "queued"
    row.send_after = max(row.send_after, utcnow())  # a pitch approved late goes now, within the mailbox's window
    session.add(row)
    audit.record(session, manager, "approved_email", "outbox_message", row.id, entry_id=row.entry_id)
    return tell_author(session, settings, row, f"Approved: your pitch to {row.to_address}", "")


def send_back(session: Session, manager: User, row: OutboxMessage, note: str,
              settings: Mapping[str, Any]) -> EmailMessage | None:
    """Cancel a pitch waiting for approval, with the manager's reason for its author."""
    check_approver(manager, row)
    note = note.strip()
    if not note:
        raise Refused("Say what to change, for whoever wrote it.")
    if len(note) > MAX_NOTE:
        raise Refused(f"The note has at most {MAX_NOTE:,} characters.")
    row.status, row.last_error = "cancelled", f"Sent back by {manager.display_name}: {note}"[:500]
    session.add(row)
    audit.record(session, manager, "sent_back_email", "outbox_message", row.id, entry_id=row.entry_id, note=note)
    return tell_author(session, settings, row, f"Sent back: your pitch to {row.to_address}", note)


def check_approver(user: User, row: OutboxMessage) -> None:
    if not can_manage(user):
        raise NotApprover()
    if row.status != "awaiting_approval":
        raise Refused(f"This message is {row.status.replace('_', ' ')}, not waiting for approval.")


def tell_author(session: Session, settings: Mapping[str, Any], row: OutboxMessage, title: str,
                note: str) -> EmailMessage | None:
    author = session.get(User, row.created_by_id or 0)
    if author is None or not author.is_active:
        return None
    body = f"{row.subject}\n\n{note}".strip()
    return alert(session, settings, author, "pitch_approval", title[:500], body,
                 f"/campaigns/entries/{row.entry_id}/", email_body=body)


def ask_approvers(session: Session, settings: Mapping[str, Any], author: User, campaign_id: int,
                  count: int) -> list[EmailMessage | None]:
    """Tell the campaign's managers (its members who manage, else the admins) that `count` pitches of
    `author` wait for them: one alert each, however many pitches. The caller commits, then sends."""
    if count <= 0:
        return []
    campaign = session.get(Campaign, campaign_id)
    managers = session.exec(select(User).join(CampaignMember, CampaignMember.user_id == User.id)
                            .where(CampaignMember.campaign_id == campaign_id, User.is_active,
                                   User.role.in_(MANAGING_ROLES), User.id != author.id)).all()
    if not managers:
        managers = session.exec(select(User).where(User.is_active, User.role == "admin", User.id != author.id)).all()
    what = "a pitch waits" if count == 1 else f"{count} pitches wait"
    title = f"{campaign.name}: {what} for your approval, from {author.display_name}"[:500]
    return [alert(session, settings, manager, "pitch_approval", title, "", "/mail/queue") for manager in managers]


def awaiting_approval(session: Session, user: User, limit: int | None = None) -> tuple[list[OutboxMessage], int]:
    """The pitches waiting for approval in the live campaigns this manager may open, oldest first, and
    how many there are; none for staff."""
    if not can_manage(user):
        return [], 0
    visible = visible_campaigns(user).where(Campaign.is_archived.is_(False)).with_only_columns(Campaign.id).order_by(None)
    waiting = (select(OutboxMessage).join(PipelineEntry, PipelineEntry.id == OutboxMessage.entry_id)
               .where(OutboxMessage.status == "awaiting_approval", PipelineEntry.campaign_id.in_(visible)))
    count = session.exec(select(func.count()).select_from(waiting.subquery())).one()
    rows = session.exec(waiting.order_by(OutboxMessage.created_at, OutboxMessage.id).limit(limit)).all()
    return list(rows), count
