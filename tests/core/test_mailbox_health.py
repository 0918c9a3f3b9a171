"""Each mailbox's figures: today's sending against its limit, and over 30 days its bounces and
the bloggers who answered; a warning once enough of its emails bounce."""

from __future__ import annotations

from datetime import timedelta

from outreach.core.mail.mailbox_health import mailbox_health
from outreach.core.models import OutboxMessage, Reply, User, utcnow
from tests.mail_factories import entries_with_addresses, make_mailbox


def sent(mailbox, entry, when, n: int, bounced: bool = False) -> OutboxMessage:
    return OutboxMessage(mailbox_id=mailbox.id, entry_id=entry.id, message_id=f"<{n}@x>", to_address="a@b.example",
                         status="sent", sent_at=when, send_after=when, bounced_at=when if bounced else None)


def test_a_mailbox_s_figures_count_its_own_recent_emails(session, users):
    staff = session.get(User, users["staff"][0])
    mine = make_mailbox(session, staff, smtp_port=25, daily_limit=40)
    other = make_mailbox(session, staff, smtp_port=26)
    quiet = make_mailbox(session, staff, smtp_port=27)
    _, (maya, leo) = entries_with_addresses(session, staff)
    now = utcnow()
    session.add_all([
        sent(mine, maya, now - timedelta(minutes=5), 1),
        sent(mine, maya, now - timedelta(days=3), 2),
        sent(mine, leo, now - timedelta(days=2), 3, bounced=True),
        sent(mine, leo, now - timedelta(days=45), 4, bounced=True),  # before the 30 days
        sent(other, leo, now - timedelta(days=1), 5),
        OutboxMessage(mailbox_id=mine.id, entry_id=maya.id, message_id="<6@x>", to_address="a@b.example"),  # queued
        Reply(entry_id=maya.id, summary="Yes!", received_at=now - timedelta(days=2)),  # after the email of day 3
        Reply(entry_id=leo.id, summary="Old", received_at=now - timedelta(days=40)),  # before any recent email
    ])
    session.commit()
    figures = mailbox_health(session, [mine, other, quiet], now)
    assert (figures[mine.id].sent, figures[mine.id].bounced, figures[mine.id].written_to,
            figures[mine.id].answered) == (3, 1, 2, 1)
    assert figures[mine.id].answer_rate == 0.5 and round(figures[mine.id].bounce_rate, 3) == 0.333
    assert (figures[other.id].sent, figures[other.id].answered) == (1, 0)
    assert figures[quiet.id].sent == 0 and figures[quiet.id].bounce_rate is None and figures[quiet.id].answer_rate is None
    assert mailbox_health(session, [], now) == {}


def test_a_mailbox_is_warned_once_enough_of_its_emails_bounce(session, users):
    staff = session.get(User, users["staff"][0])
    mailbox = make_mailbox(session, staff, smtp_port=25)
    _, (maya, _) = entries_with_addresses(session, staff)
    now = utcnow()
    session.add_all(sent(mailbox, maya, now - timedelta(hours=n + 1), n, bounced=n < 2) for n in range(19))
    session.commit()
    assert mailbox_health(session, [mailbox], now)[mailbox.id].warning == ""  # 2 of 19: too few to tell
    session.add(sent(mailbox, maya, now - timedelta(hours=30), 19))
    session.commit()
    warning = mailbox_health(session, [mailbox], now)[mailbox.id].warning
    assert warning.startswith("2 of 20 emails bounced: check the addresses")
