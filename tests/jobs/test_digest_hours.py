"""The scheduler's hourly digest run: each person's follow-up digest comes at the reminder hour on
their own clock, counting their own today, through a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlmodel import Session

from outreach.core.models import User
from outreach.jobs.scheduler import run_digests
from tests.factories import make_campaign_with_entries
from tests.local_mail import smtp_config


def test_each_person_s_digest_comes_at_seven_on_their_clock(engine, users, smtp_server):
    controller, inbox = smtp_server
    due = date(2026, 11, 23)
    with Session(engine) as session:
        session.get(User, users["manager"][0]).time_zone = "Asia/Tokyo"  # UTC+9
        session.get(User, users["staff"][0]).time_zone = "America/Los_Angeles"  # UTC-8 in November
        _, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
        leo.owner_id = users["staff"][0]
        maya.next_follow_up_on = leo.next_follow_up_on = due
        session.commit()
    settings = {**smtp_config(controller), "REMINDER_HOUR": 7}

    def recipients_at(moment: datetime) -> list[str]:
        before = len(inbox.messages)
        run_digests(engine, settings, moment)
        return [to for recipients, _ in inbox.messages[before:] for to in recipients]

    assert recipients_at(datetime(2026, 11, 23, 7, tzinfo=timezone.utc)) == []  # 07:00 UTC is nobody's 07:00
    # 22:00 UTC on the 22nd is 07:00 on the 23rd in Tokyo, when Maya's follow-up is due.
    assert recipients_at(datetime(2026, 11, 22, 22, tzinfo=timezone.utc)) == ["manager@example.com"]
    assert "Maya Pour (Autumn launch, Shortlisted): today" in inbox.messages[-1][1].get_payload()
    # 15:00 UTC on the 23rd is 07:00 in Los Angeles: Leo's owner, and only them.
    assert recipients_at(datetime(2026, 11, 23, 15, tzinfo=timezone.utc)) == ["staff@example.com"]
    assert "Leo Trail (Autumn launch, Shortlisted): today" in inbox.messages[-1][1].get_payload()
