"""How each mailbox is doing: today's sending against its limit, and over the last 30 days how
many of its emails bounced and how many of the bloggers it wrote to answered. A mailbox whose
emails bounce often hurts its own delivery (mail providers count bounces against the sender)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, distinct
from sqlmodel import Session, col, func, select

from outreach.core.mail.sequences import sent_today
from outreach.core.models import Mailbox, OutboxMessage, Reply

DAYS = 30
# Gmail and Yahoo's sender rules, and most deliverability guides, treat bounces above a few in a
# hundred as a list that was never checked; below 20 emails one bounce says little.
BOUNCE_WARNING = 0.05
WARN_FROM_SENT = 20


@dataclass
class MailboxHealth:
    """One mailbox's figures; rates are None before it sent anything in the period."""

    sent_today: int
    daily_limit: int
    sent: int = 0  # emails sent in the last DAYS days
    bounced: int = 0  # of those, bounced
    written_to: int = 0  # the cards (bloggers in a campaign) those emails went to
    answered: int = 0  # of those, the ones with a reply (read from mail or logged) after our email

    @property
    def bounce_rate(self) -> float | None:
        return self.bounced / self.sent if self.sent else None

    @property
    def answer_rate(self) -> float | None:
        return self.answered / self.written_to if self.written_to else None

    @property
    def warning(self) -> str:
        """What a person should do about it, or "" when nothing."""
        if self.sent >= WARN_FROM_SENT and self.bounce_rate >= BOUNCE_WARNING:
            return (f"{self.bounced} of {self.sent} emails bounced: check the addresses before sending more, "
                    "as mail providers count bounces against the sender.")
        return ""


def mailbox_health(session: Session, mailboxes: list[Mailbox], now: datetime) -> dict[int, MailboxHealth]:
    """Each mailbox's figures by its id: two queries, and one for each mailbox's day."""
    ids = [box.id for box in mailboxes]
    if not ids:
        return {}
    since = now - timedelta(days=DAYS)
    recent = and_(col(OutboxMessage.mailbox_id).in_(ids), OutboxMessage.status == "sent",
                  OutboxMessage.sent_at >= since)
    figures = {box.id: MailboxHealth(sent_today(session, box, now), box.daily_limit) for box in mailboxes}
    for box_id, sent, bounced, written_to in session.exec(
            select(OutboxMessage.mailbox_id, func.count(), func.count(OutboxMessage.bounced_at),
                   func.count(distinct(OutboxMessage.entry_id)))
            .where(recent).group_by(OutboxMessage.mailbox_id)):
        figures[box_id].sent, figures[box_id].bounced, figures[box_id].written_to = sent, bounced, written_to
    answered = (select(OutboxMessage.mailbox_id, func.count(distinct(OutboxMessage.entry_id)))
                .join(Reply, and_(Reply.entry_id == OutboxMessage.entry_id, Reply.received_at >= OutboxMessage.sent_at))
                .where(recent).group_by(OutboxMessage.mailbox_id))
    for box_id, count in session.exec(answered):
        figures[box_id].answered = count
    return figures
