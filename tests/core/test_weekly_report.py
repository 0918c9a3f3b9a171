"""Monday's email to managers of the campaigns' week, through a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import date, datetime, timezone

from outreach.core.models import User
from outreach.core.pipeline import log_pitch
from outreach.core.weekly_report import last_week, send_weekly_reports
from tests.factories import make_campaign_with_entries
from tests.local_mail import smtp_config

MONDAY = date(2026, 11, 30)


def test_last_week_runs_monday_to_sunday():
    assert last_week(MONDAY) == (date(2026, 11, 23), date(2026, 11, 29))
    assert last_week(date(2026, 12, 6)) == (date(2026, 11, 23), date(2026, 11, 29))  # a Sunday: the week before


def test_managers_and_admins_who_want_it_get_the_week(session, users, smtp_server):
    controller, inbox = smtp_server
    manager = session.get(User, users["manager"][0])
    campaign, (maya, leo) = make_campaign_with_entries(session, manager.id)
    log_pitch(session, manager, maya, channel="email", subject="Hello", message="", follow_up_on=None,
              sent_at=datetime(2026, 11, 25, 10, tzinfo=timezone.utc))
    log_pitch(session, manager, leo, channel="email", subject="Hello", message="", follow_up_on=None,
              sent_at=datetime(2026, 11, 17, 10, tzinfo=timezone.utc))  # the week before: not counted
    session.get(User, users["admin"][0]).email_weekly_report = False
    session.commit()
    config = {**smtp_config(controller), "BASE_URL": "https://outreach.example.com"}
    assert send_weekly_reports(session, MONDAY, config) == 1  # the manager; the admin said no, staff never
    [(recipients, message)] = inbox.messages
    body = message.get_payload(decode=True).decode()
    assert recipients == ["manager@example.com"] and message["Subject"] == "Outreach: the week to 2026-11-29"
    assert f"- {campaign.name}: 1 pitched, 0 replied (0%), 0 won; 0 coverage posts" in body
    assert "https://outreach.example.com/dashboard/?start=2026-11-23&end=2026-11-29" in body


def test_a_quiet_week_or_no_mail_server_sends_nothing(session, users, smtp_server):
    controller, inbox = smtp_server
    make_campaign_with_entries(session, users["manager"][0])
    assert send_weekly_reports(session, MONDAY, smtp_config(controller)) == 0
    assert send_weekly_reports(session, MONDAY, {"SMTP_HOST": ""}) == 0
    assert inbox.messages == []


def test_a_quiet_week_with_a_fee_overdue_is_still_reported(session, users, smtp_server):
    from decimal import Decimal

    from outreach.core.models import Fee

    controller, inbox = smtp_server
    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    session.add_all([Fee(entry_id=maya.id, description="A review", amount=Decimal("300"), currency="EUR",
                         agreed_on=date(2026, 10, 1), due_on=date(2026, 11, 1)),
                     Fee(entry_id=leo.id, description="A video", amount=Decimal("300"), currency="EUR",
                         agreed_on=date(2026, 10, 1), due_on=MONDAY)])  # due today: not overdue yet
    session.commit()
    assert send_weekly_reports(session, MONDAY, smtp_config(controller)) == 2
    body = inbox.messages[0][1].get_payload(decode=True).decode()
    assert f"- {campaign.name}: 0 pitched, 0 replied (-), 0 won; 0 coverage posts; 0 follow-ups overdue; " \
           "1 fee overdue" in body


def test_a_quiet_week_with_an_agreed_post_late_is_still_reported(session, users, smtp_server):
    from outreach.core.models import Deliverable

    controller, inbox = smtp_server
    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    session.add_all([Deliverable(entry_id=maya.id, description="A review", due_on=date(2026, 11, 1)),
                     Deliverable(entry_id=leo.id, description="A video", due_on=MONDAY)])  # due today: not late
    session.commit()
    assert send_weekly_reports(session, MONDAY, smtp_config(controller)) == 2
    body = inbox.messages[0][1].get_payload(decode=True).decode()
    assert f"- {campaign.name}: 0 pitched, 0 replied (-), 0 won; 0 coverage posts; 0 follow-ups overdue; " \
           "1 agreed post late" in body
