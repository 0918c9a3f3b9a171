"""The daily follow-up digest, sent to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import date, timedelta

from outreach.core.follow_ups import gather_digests, send_digests
from tests.factories import make_campaign_with_entries
from tests.local_mail import smtp_config


def test_digest_goes_to_each_owner_with_due_items(session, users, smtp_server):
    controller, inbox = smtp_server
    today = date(2026, 11, 22)
    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    maya.next_follow_up_on = today - timedelta(days=3)
    leo.next_follow_up_on = today + timedelta(days=1)  # not due yet
    session.add_all([maya, leo])
    session.commit()
    assert send_digests(session, today, smtp_config(controller)) == 1
    [(recipients, message)] = inbox.messages
    assert recipients == ["manager@example.com"]
    assert message["Subject"] == "Outreach: 1 follow-up due (1 overdue)"
    body = message.get_payload()
    assert "Maya Pour (Autumn launch, Shortlisted): 3 days overdue" in body
    assert "Leo Trail" not in body


def test_no_smtp_configured_sends_nothing(session, users):
    campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
    maya.next_follow_up_on = date(2026, 1, 1)
    session.add(maya)
    session.commit()
    assert send_digests(session, date(2026, 11, 22), {"SMTP_HOST": ""}) == 0
    assert len(gather_digests(session, date(2026, 11, 22))) == 1


def test_nothing_due_sends_nothing(session, users, smtp_server):
    controller, inbox = smtp_server
    make_campaign_with_entries(session, users["manager"][0])
    assert send_digests(session, date(2026, 11, 22), smtp_config(controller)) == 0
    assert inbox.messages == []
