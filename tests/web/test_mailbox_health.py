"""The mailboxes page shows each mailbox's day and its last 30 days, and warns of bounces."""

from __future__ import annotations

from datetime import timedelta

from outreach.core.models import OutboxMessage, User, utcnow
from tests.mail_factories import entries_with_addresses, make_mailbox


def test_the_mailboxes_page_shows_the_figures_and_a_bounce_warning(client, auth, users, session):
    staff = session.get(User, users["staff"][0])
    mailbox = make_mailbox(session, staff, smtp_port=25, daily_limit=50)
    _, (maya, _) = entries_with_addresses(session, staff)
    auth.login()
    assert "nothing sent" in client.get("/mail/").get_data(as_text=True)
    now = utcnow()
    session.add_all(OutboxMessage(mailbox_id=mailbox.id, entry_id=maya.id, message_id=f"<{n}@x>",
                                  to_address="maya@blog.example", status="sent", sent_at=now - timedelta(days=1),
                                  bounced_at=now if n < 5 else None) for n in range(20))
    session.commit()
    page = client.get("/mail/").get_data(as_text=True)
    assert "20 sent · 5 bounced (25%) · 0 of 1 answered (0%)" in page
    assert "5 of 20 emails bounced: check the addresses before sending more" in page


def test_a_mailbox_resting_after_its_provider_s_limit_says_until_when(client, auth, users, session):
    staff = session.get(User, users["staff"][0])
    mailbox = make_mailbox(session, staff, smtp_port=25)
    auth.login()
    assert "resting until" not in client.get("/mail/").get_data(as_text=True)
    mailbox.resting_until = utcnow() + timedelta(hours=20)
    session.add(mailbox)
    session.commit()
    page = client.get("/mail/").get_data(as_text=True)
    assert "resting until" in page and "the provider's sending limit" in page
    mailbox.resting_until = utcnow() - timedelta(minutes=1)  # over
    session.add(mailbox)
    session.commit()
    assert "resting until" not in client.get("/mail/").get_data(as_text=True)
