"""Response speed: age in working hours, the alert once in the app and by email, the medians."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlmodel import select

from outreach.core.mail.speed import alert_slow_answers, working_hours_between
from outreach.core.models import Notification, Reply, User
from tests.local_mail import smtp_config
from tests.mail_factories import entries_with_addresses, mail_settings

FRIDAY_4PM = datetime(2026, 12, 4, 16, tzinfo=timezone.utc)


def test_working_hours_skip_nights_and_weekends():
    assert working_hours_between(FRIDAY_4PM, FRIDAY_4PM + timedelta(hours=1), (9, 17)) == 1
    monday_noon = FRIDAY_4PM + timedelta(days=2, hours=20)
    assert working_hours_between(FRIDAY_4PM, monday_noon, (9, 17)) == 4  # Friday 16-17, Monday 9-12
    assert working_hours_between(FRIDAY_4PM + timedelta(hours=2), FRIDAY_4PM + timedelta(days=1), (9, 17)) == 0


def test_working_hours_are_read_on_the_clock_of_whoever_answers():
    # Friday 16:00 UTC is 08:00 in Los Angeles: its whole working day is still ahead.
    assert working_hours_between(FRIDAY_4PM, FRIDAY_4PM + timedelta(hours=10), (9, 17), "America/Los_Angeles") == 8
    # Tokyo's Friday ended at 17:00 there (08:00 UTC); its Saturday and Sunday do not count.
    assert working_hours_between(FRIDAY_4PM, FRIDAY_4PM + timedelta(days=2), (9, 17), "Asia/Tokyo") == 0
    assert working_hours_between(FRIDAY_4PM, FRIDAY_4PM + timedelta(hours=3), (0, 24), "Europe/Berlin") == 3


def test_a_reply_waiting_past_the_limit_alerts_its_owner_once(session, users, smtp_server):
    controller, inbox = smtp_server
    staff = session.get(User, users["staff"][0])
    _, (maya, leo) = entries_with_addresses(session, staff)
    session.add(Reply(entry_id=maya.id, summary="Can you send two?", message_id="<slow@x>", from_address="maya@x",
                      received_at=FRIDAY_4PM - timedelta(hours=5)))
    session.add(Reply(entry_id=leo.id, summary="Thanks", message_id="<fresh@x>", received_at=FRIDAY_4PM - timedelta(hours=1)))
    session.commit()
    settings = mail_settings(**smtp_config(controller), MAIL_ANSWER_ALERT_HOURS=4.0, MAIL_WORKING_HOURS=(9, 17))
    assert alert_slow_answers(session, settings, FRIDAY_4PM) == 1
    assert alert_slow_answers(session, settings, FRIDAY_4PM + timedelta(hours=1)) == 0
    notification = session.exec(select(Notification)).one()
    assert notification.user_id == staff.id and "Maya Pour has waited 5.0 working hours" in notification.title
    assert notification.url == f"/campaigns/entries/{maya.id}/"
    assert len(inbox.messages) == 1 and inbox.messages[0][0] == [staff.email]
    assert "Can you send two?" in inbox.messages[0][1].get_payload(decode=True).decode()
