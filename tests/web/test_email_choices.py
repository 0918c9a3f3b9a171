"""Each person chooses the app's emails they get: the follow-up digest and the alerts; the app
shows the same either way."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlmodel import select

from outreach.core.follow_ups import send_digests
from outreach.core.mail.speed import alert_slow_answers
from outreach.core.models import Notification, Reply, User
from tests.factories import make_campaign_with_entries
from tests.local_mail import smtp_config


def test_the_emails_page_saves_the_choice(client, auth, users, session):
    auth.login("staff@example.com")
    page = client.get("/account/emails")
    assert page.status_code == 200 and b'<input checked id="email_digest"' in page.data
    assert b"sends no email for now" in page.data
    client.post("/account/emails", data={"email_alerts": "y"})  # the digest unticked
    session.expire_all()
    staff = session.get(User, users["staff"][0])
    assert (staff.email_digest, staff.email_alerts) == (False, True)


def test_no_digest_for_whoever_unticked_it(session, users, smtp_server):
    controller, inbox = smtp_server
    today = date(2026, 11, 22)
    _, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    leo.owner_id = users["staff"][0]
    maya.next_follow_up_on = leo.next_follow_up_on = today
    session.get(User, users["staff"][0]).email_digest = False
    session.commit()
    assert send_digests(session, today, smtp_config(controller)) == 1
    assert [recipients for recipients, _ in inbox.messages] == [["manager@example.com"]]
    assert "Stop it on your account's Emails page" in inbox.messages[0][1].get_payload(decode=True).decode()


def test_an_alert_without_its_email_stays_in_the_app(session, users, smtp_server):
    controller, inbox = smtp_server
    manager = session.get(User, users["manager"][0])
    manager.email_alerts = False
    _, (maya,) = make_campaign_with_entries(session, manager.id, names=("Maya",))
    received = datetime(2026, 11, 23, 9, tzinfo=timezone.utc)  # a Monday morning
    session.add(Reply(entry_id=maya.id, message_id="<r1@blog.example>", summary="Can you send two?",
                      received_at=received, from_address="maya@blog.example"))
    session.commit()
    settings = {**smtp_config(controller), "MAIL_ANSWER_ALERT_HOURS": 4, "MAIL_WORKING_HOURS": (9, 17)}
    assert alert_slow_answers(session, settings, received + timedelta(hours=6)) == 1
    assert inbox.messages == []
    assert session.exec(select(Notification.kind).where(Notification.user_id == manager.id)).all() == ["slow_answer"]


def test_only_managers_choose_the_weekly_report(client, auth, users, session):
    auth.login("staff@example.com")
    assert b"email_weekly_report" not in client.get("/account/emails").data
    client.post("/account/emails", data={"email_digest": "y", "email_alerts": "y"})  # no weekly field
    session.expire_all()
    assert session.get(User, users["staff"][0]).email_weekly_report is True  # untouched
    client.post("/logout")
    auth.login("manager@example.com")
    assert b"last week&#39;s numbers of every campaign" in client.get("/account/emails").data
    client.post("/account/emails", data={"email_digest": "y", "email_alerts": "y"})  # weekly unticked
    session.expire_all()
    assert session.get(User, users["manager"][0]).email_weekly_report is False
