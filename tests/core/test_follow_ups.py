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
    assert "http" not in body  # no OUTREACH_BASE_URL: no link, never one guessed from a request


def test_with_the_apps_address_set_the_digest_links_each_entry_and_the_list(session, users, smtp_server):
    controller, inbox = smtp_server
    today = date(2026, 11, 22)
    campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
    maya.next_follow_up_on = today
    session.add(maya)
    session.commit()
    config = {**smtp_config(controller), "BASE_URL": "https://outreach.example.com"}
    assert send_digests(session, today, config) == 1
    body = inbox.messages[0][1].get_payload(decode=True).decode()
    assert f"Maya Pour (Autumn launch, Shortlisted): today https://outreach.example.com/campaigns/entries/{maya.id}/" in body
    assert body.rstrip().endswith("Open it in Outreach: https://outreach.example.com/follow-ups/")


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


def test_done_and_snooze_go_through_the_rules(session, users):
    import pytest
    from sqlmodel import select

    from outreach.core.errors import Refused
    from outreach.core.follow_ups import due_follow_ups, finish_follow_up, snooze_follow_up
    from outreach.core.models import AuditEvent, Blogger, User

    today = date(2026, 11, 22)
    manager = session.get(User, users["manager"][0])
    campaign, (maya, leo) = make_campaign_with_entries(session, manager.id)
    maya.next_follow_up_on = today - timedelta(days=1)
    leo.next_follow_up_on = today + timedelta(days=3)
    session.commit()
    assert [item.name for item in due_follow_ups(session, manager.id, today)] == ["Maya Pour"]
    upcoming = due_follow_ups(session, manager.id, today + timedelta(days=7), after=today)
    assert [item.name for item in upcoming] == ["Leo Trail"]
    snooze_follow_up(session, manager, maya, today + timedelta(days=7), today)
    finish_follow_up(session, manager, leo)
    session.commit()
    assert (maya.next_follow_up_on, leo.next_follow_up_on) == (today + timedelta(days=7), None)
    vias = [event.details["via"] for event in session.exec(select(AuditEvent).where(AuditEvent.action == "set_follow_up"))]
    assert vias == ["snooze", "done"]
    with pytest.raises(Refused, match="after today"):
        snooze_follow_up(session, manager, maya, today, today)
    session.get(Blogger, maya.blogger_id).do_not_contact = True
    with pytest.raises(Refused, match="do-not-contact list: the follow-up was not snoozed"):
        snooze_follow_up(session, manager, maya, today + timedelta(days=1), today)
    campaign.is_archived = True
    with pytest.raises(Refused, match="archived"):
        finish_follow_up(session, manager, maya)
