"""Each person's own time zone: chosen on the account page, the clock their pages show times on,
the clock the times they enter are read on, and their own "today"."""

from __future__ import annotations

import re
from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from outreach.core.client_reports import new_share_token
from outreach.core.models import AuditEvent, OutboxMessage, Reply, User, utcnow
from outreach.core.time_zones import today_in
from outreach.web.viewer_time import local_day, local_time
from tests.factories import make_campaign_with_entries
from tests.local_mail import free_port
from tests.mail_factories import KEY, entries_with_addresses, make_mailbox, sender_and_entry


def choose(client, zone: str):
    return client.post("/account/time-zone", data={"time_zone": zone}, follow_redirects=True)


def test_a_person_chooses_a_zone_and_a_name_not_on_the_list_is_refused(client, auth, users, session):
    auth.login()
    page = client.get("/account/time-zone")
    assert page.status_code == 200 and b'<option selected value="UTC">UTC</option>' in page.data
    assert b'<option value="Europe/Lisbon">Europe/Lisbon</option>' in page.data
    assert b"Saved: times show on the clock of Europe/Lisbon" in choose(client, "Europe/Lisbon").data
    for bad in ("Mars/Olympus", "US/Pacific", "", "x" * 5000):
        response = client.post("/account/time-zone", data={"time_zone": bad})
        assert response.status_code == 400 and b"Not a valid choice" in response.data
    session.expire_all()
    staff = session.get(User, users["staff"][0])
    assert staff.time_zone == "Europe/Lisbon"
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "chose_time_zone")).one()
    assert event.details == {"time_zone": "Europe/Lisbon", "was": "UTC"}


def test_times_show_on_the_viewer_s_clock(client, auth, users, session):
    auth.login("admin@example.com")
    choose(client, "Asia/Kolkata")
    [moment] = session.exec(select(AuditEvent.at).where(AuditEvent.action == "chose_time_zone")).all()
    shown = moment.astimezone(timezone(timedelta(hours=5, minutes=30)))
    page = client.get("/admin/audit").data.decode()
    assert f"{shown:%Y-%m-%d %H:%M:%S} IST" in page
    choose(client, "UTC")
    assert f"{moment:%Y-%m-%d %H:%M:%S} UTC" in client.get("/admin/audit").data.decode()


def test_a_time_to_send_is_read_on_the_sender_s_clock(app, client, auth, users, engine):
    app.config["MAIL_KEY"] = KEY
    entry_id = sender_and_entry(engine, users["staff"][0], free_port())
    auth.login()
    choose(client, "America/New_York")
    page = client.get(f"/mail/entries/{entry_id}/send").data.decode()
    assert "Send at (America/New_York)" in page
    wall = (utcnow() + timedelta(days=2)).astimezone(ZoneInfo("America/New_York")).replace(
        hour=9, minute=30, second=0, microsecond=0)
    response = client.post(f"/mail/entries/{entry_id}/send", follow_redirects=True, data={
        "mailbox_id": 1, "template_id": 0, "to_address": "maya@blog.example", "subject": "A grinder",
        "body": "Hi Maya", "action": "send", "send_at": f"{wall:%Y-%m-%dT%H:%M}"})
    abbreviation = wall.tzname()  # EST or EDT, as the day falls
    assert f"Queued for {wall:%Y-%m-%d} 09:30 {abbreviation}".encode() in response.data
    assert f"due {wall:%Y-%m-%d} 09:30 {abbreviation}".encode() in response.data
    with Session(engine) as session:
        queued = session.exec(select(OutboxMessage)).one()
    assert queued.send_after == wall.astimezone(timezone.utc)
    edit = client.get(f"/mail/queue/{queued.id}/edit").data.decode()  # shown back on the same clock
    assert "Send after (America/New_York)" in edit and f'value="{wall:%Y-%m-%d %H:%M}:00"' in edit


def test_today_is_the_viewer_s_own_day(client, auth, users, session):
    _, (maya,) = make_campaign_with_entries(session, users["staff"][0], names=("Maya",))
    maya.owner_id = users["staff"][0]
    # Kiritimati is 14 hours ahead of UTC and Pago Pago 11 behind: their dates always differ.
    maya.next_follow_up_on = today_in("Pacific/Kiritimati")
    session.commit()
    auth.login()
    choose(client, "Pacific/Kiritimati")
    page = client.get("/follow-ups/").data.decode()
    assert re.search(r"<td>Today</td>", page)
    choose(client, "Pacific/Pago_Pago")
    page = client.get("/follow-ups/").data.decode()
    assert "<td>Today</td>" not in page and re.search(r"\(in [12] days?\)", page)


def test_a_mailbox_s_hours_take_their_zone_and_a_new_one_starts_on_its_owner_s(app, client, auth, users, session):
    app.config["MAIL_KEY"] = KEY
    auth.login()
    choose(client, "Europe/Madrid")
    assert b'<option selected value="Europe/Madrid">' in client.get("/mail/mailboxes/new").data
    mailbox = make_mailbox(session, session.get(User, users["staff"][0]), smtp_port=free_port())
    form = {"name": "Work", "email_address": "pr@example.test", "username": "pr@example.test",
            "smtp_host": "127.0.0.1", "smtp_port": mailbox.smtp_port, "smtp_tls": mailbox.smtp_tls,
            "imap_host": "", "imap_port": 993, "imap_tls": mailbox.imap_tls, "daily_limit": 50,
            "window_start_hour": 9, "window_end_hour": 17}
    response = client.post(f"/mail/mailboxes/{mailbox.id}", data={**form, "time_zone": "Nowhere/Atall"})
    assert response.status_code == 400 and b"Not a valid choice" in response.data
    # Without a sender name or a signature in the post (a script's), they are saved empty.
    response = client.post(f"/mail/mailboxes/{mailbox.id}", data={**form, "time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    session.expire_all()
    saved = session.get(type(mailbox), mailbox.id)
    assert (saved.time_zone, saved.display_name, saved.signature) == ("Asia/Tokyo", "", "")
    assert saved.send_on_weekends is False  # the box left unticked


def test_an_answer_quotes_the_time_they_wrote_on_the_answerer_s_clock(app, client, auth, users, engine):
    app.config["MAIL_KEY"] = KEY
    written = (utcnow() - timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        make_mailbox(session, staff, smtp_port=free_port())
        _, (maya, _) = entries_with_addresses(session, staff)
        reply = Reply(entry_id=maya.id, summary="Love it.", message_id="<r@blog>", from_address="maya@blog.example",
                      subject="Re: A grinder", received_at=written)
        session.add(reply)
        session.commit()
        entry_id, reply_id = maya.id, reply.id
    auth.login()
    choose(client, "Asia/Kolkata")
    there = f"{written:%Y-%m-%d} 11:30 IST"  # 06:00 UTC
    assert there in client.get("/mail/waiting").get_data(as_text=True)
    draft = client.get(f"/mail/entries/{entry_id}/send?reply={reply_id}").get_data(as_text=True)
    assert f"On {there}, maya@blog.example wrote:\n&gt; Love it." in draft


def test_a_new_account_starts_on_the_team_s_zone_which_pages_without_a_sign_in_read(app, client, auth, users,
                                                                                   session):
    app.config["TIME_ZONE"] = "Australia/Sydney"
    auth.login("admin@example.com")
    response = client.post("/admin/users", data={"email": "new@example.com", "name": "New", "role": "staff",
                                                 "password": "a long enough password"})
    assert response.status_code in (200, 302)
    newcomer = session.exec(select(User).where(User.email == "new@example.com")).one()
    assert newcomer.time_zone == "Australia/Sydney"
    assert session.get(User, users["admin"][0]).time_zone == "UTC"  # those before keep theirs
    auth.logout()
    campaign, _ = make_campaign_with_entries(session, users["manager"][0])
    token = new_share_token(session, campaign)
    session.commit()
    app.config["TIME_ZONE"] = "Pacific/Kiritimati"  # 14 hours ahead of UTC: its date, not UTC's
    report = client.get(f"/campaigns/shared/{token}").get_data(as_text=True)
    assert f"as of {today_in('Pacific/Kiritimati').isoformat()}" in report


def test_times_kept_as_text_read_as_utc_moments(app):
    app.config["TIME_ZONE"] = "Asia/Kolkata"
    with app.test_request_context():  # nobody signed in: the team's zone
        assert local_time("2026-12-07 06:00") == "2026-12-07 11:30 IST"  # a crawl's figures, read at
        assert local_time("2026-12-07T06:00:00+00:00", seconds=True) == "2026-12-07 11:30:00 IST"
        assert local_day("2026-12-06T20:00:00+00:00") == "2026-12-07"  # a ranking's last post
        assert local_time("not a time") == local_time("") == local_time(None) == local_day(None) == ""
