"""The mail pages through the test client: connecting a mailbox (password never shown again),
the connection test's sentences, sending from an entry with its guards, the queue, the
sequence, and the list of bloggers waiting for us."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from outreach.core.mail.outbox import send_due
from outreach.core.models import (
    AuditEvent,
    Mailbox,
    OutboxMessage,
    Pitch,
    PitchTemplate,
    Reply,
    SequenceStep,
    User,
    utcnow,
)
from tests.local_mail import free_port
from tests.mail_factories import KEY, entries_with_addresses, mail_settings, make_mailbox


@pytest.fixture
def keyed_app(app):
    app.config["MAIL_KEY"] = KEY
    return app


def mailbox_form(port: int, **more) -> dict:
    return {"name": "Work", "email_address": "pr@example.test", "display_name": "PR", "username": "pr@example.test",
            "password": "imap secret", "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_tls": "none",
            "imap_host": "127.0.0.1", "imap_port": free_port(), "imap_tls": "none", "daily_limit": 50,
            "window_start_hour": 0, "window_end_hour": 24, "send_on_weekends": "y", **more}


def test_a_mailbox_is_refused_without_a_key_and_plaintext_needs_an_admin(app, client, auth, engine):
    auth.login()
    response = client.post("/mail/mailboxes/new", data=mailbox_form(25, smtp_tls="implicit", imap_tls="implicit"))
    assert response.status_code == 400 and b"OUTREACH_MAIL_KEY" in response.data
    app.config["MAIL_KEY"] = KEY
    response = client.post("/mail/mailboxes/new", data=mailbox_form(25))
    assert response.status_code == 400 and b"without TLS is not allowed for 127.0.0.1" in response.data
    with Session(engine) as session:
        assert session.exec(select(Mailbox)).all() == []
    assert client.post("/mail/plaintext-hosts", data={"host": "127.0.0.1", "allow": "1"}).status_code == 403


def test_connecting_and_testing_a_mailbox_never_shows_the_password(keyed_app, client, auth, engine, users, mail_smtp):
    controller, _ = mail_smtp
    auth.login("admin@example.com")
    client.post("/mail/plaintext-hosts", data={"host": "127.0.0.1", "allow": "1"})
    response = client.post("/mail/mailboxes/new", data=mailbox_form(controller.port), follow_redirects=True)
    assert b"Mailbox saved" in response.data and b"imap secret" not in response.data
    with Session(engine) as session:
        mailbox = session.exec(select(Mailbox)).one()
        assert mailbox.owner_id == users["admin"][0] and "imap secret" not in mailbox.password_encrypted
        assert all("imap secret" not in str(event.details) for event in session.exec(select(AuditEvent)))
    page = client.get(f"/mail/mailboxes/{mailbox.id}")
    assert b"imap secret" not in page.data and b"A password is stored" in page.data
    response = client.post(f"/mail/mailboxes/{mailbox.id}/test", follow_redirects=True)
    assert b"connected and logged in" in response.data
    assert b"nothing accepts connections there" in response.data  # IMAP: the port is closed


def test_sending_from_an_entry_fills_previews_guards_and_queues(keyed_app, client, auth, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        make_mailbox(session, staff, smtp_port=controller.port)
        _, (maya, _) = entries_with_addresses(session, staff)
        template = PitchTemplate(name="Intro", subject="For {{ blog_name }}", body="Hi {{ first_name }}, {{ odd }}")
        session.add(template)
        session.commit()
        entry_id, template_id = maya.id, template.id
    auth.login()
    page = client.get(f"/mail/entries/{entry_id}/send?template_id={template_id}")
    assert b"Hi Maya, {{ odd }}" in page.data and b"maya@blog.example" in page.data and b"Not filled" in page.data
    form = {"mailbox_id": 1, "template_id": template_id, "to_address": "maya@blog.example",
            "subject": "For Maya Pour's blog", "body": "Hi Maya, {{ odd }}", "action": "send"}
    response = client.post(f"/mail/entries/{entry_id}/send", data=form)
    assert response.status_code == 400 and b"Fill these merge fields first" in response.data
    form["body"] = "Hi Maya, a grinder for you."
    response = client.post(f"/mail/entries/{entry_id}/send", data=form, follow_redirects=True)
    assert b"Queued" in response.data and b"queued" in response.data
    assert send_due(engine, mail_settings()) == 1
    with Session(engine) as session:  # the template it was written from, for the templates' report
        assert session.exec(select(Pitch.template_id)).one() == template_id
    entry_page = client.get(f"/campaigns/entries/{entry_id}/")
    assert b"For Maya Pour&#39;s blog" in entry_page.data and b">sent<" in entry_page.data
    response = client.post(f"/mail/entries/{entry_id}/send", data=form)
    assert response.status_code == 400 and b"Contact again anyway" in response.data


def test_a_failure_shows_on_the_entry_and_the_queue_can_pause_and_cancel(keyed_app, client, auth, engine, users):
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        mailbox = make_mailbox(session, staff, smtp_port=free_port())
        campaign, (maya, _) = entries_with_addresses(session, staff)
        session.add(OutboxMessage(mailbox_id=mailbox.id, entry_id=maya.id, created_by_id=staff.id, message_id="<a@x>",
                                  to_address="maya@blog.example", subject="Hello", body="Hi", status="queued"))
        session.add(OutboxMessage(mailbox_id=mailbox.id, entry_id=maya.id, created_by_id=staff.id, message_id="<b@x>",
                                  to_address="maya@blog.example", subject="Again", body="Hi", step=2,
                                  status="scheduled", send_after=utcnow() + timedelta(days=4)))
        session.commit()
        entry_id = maya.id
    send_due(engine, mail_settings())
    auth.login()
    entry_page = client.get(f"/campaigns/entries/{entry_id}/")
    assert b"nothing accepts connections there" in entry_page.data
    queue = client.get("/mail/queue")
    assert b"Follow-up 1: Again" in queue.data
    client.post("/mail/queue/2/pause")
    client.post("/mail/queue/1/cancel")
    with Session(engine) as session:
        assert [row.status for row in session.exec(select(OutboxMessage).order_by(OutboxMessage.id))] == \
            ["cancelled", "paused"]
    assert client.post("/mail/queue/1/resume", follow_redirects=True).data.count(b"cannot be changed") == 1


def test_managers_edit_a_campaign_sequence(keyed_app, client, auth, engine, users):
    with Session(engine) as session:
        campaign, _ = entries_with_addresses(session, session.get(User, users["manager"][0]))
        campaign_id = campaign.id
    auth.login()
    assert client.get(f"/mail/campaigns/{campaign_id}/sequence").status_code == 403
    auth.logout()
    auth.login("manager@example.com")
    form = {"position": 2, "delay_days": 4, "subject": "", "body": "Any thoughts, {{ first_name }}?"}
    assert b"Step 2 added" in client.post(f"/mail/campaigns/{campaign_id}/sequence", data=form,
                                           follow_redirects=True).data
    assert b"exists already" in client.post(f"/mail/campaigns/{campaign_id}/sequence", data=form).data
    bad = client.post(f"/mail/campaigns/{campaign_id}/sequence", data={**form, "position": 2, "delay_days": 0})
    assert b"Check the highlighted fields" in bad.data
    working = client.post(f"/mail/campaigns/{campaign_id}/sequence", follow_redirects=True,
                          data={**form, "position": 3, "delay_days": 2, "working_days": "y"}).get_data(as_text=True)
    assert "Step 3 added: it goes 2 working days after each pitch" in working and "<td>4 days</td>" in working
    with Session(engine) as session:
        assert [(s.position, s.delay_days, s.working_days) for s in session.exec(
            select(SequenceStep).order_by(SequenceStep.position))] == [(2, 4, False), (3, 2, True)]


def test_the_waiting_list_shows_the_oldest_first_and_answered_leaves_it(keyed_app, client, auth, engine, users):
    with Session(engine) as session:
        manager = session.get(User, users["manager"][0])
        _, (maya, leo) = entries_with_addresses(session, manager)
        now = utcnow()
        for entry, hours, name in ((maya, 3, "newer"), (leo, 30, "older")):
            session.add(Reply(entry_id=entry.id, summary=f"{name} message", message_id=f"<{name}@x>",
                              from_address=f"{name}@x", received_at=now - timedelta(hours=hours)))
        session.commit()
    auth.login("manager@example.com")
    page = client.get("/mail/waiting").data
    assert page.index(b"older message") < page.index(b"newer message")
    client.post("/mail/replies/2/answered")
    page = client.get("/mail/waiting").data
    assert b"older message" not in page and b"newer message" in page


def test_the_dashboard_shows_our_answer_time_beside_their_first_reply(keyed_app, client, auth, engine, users):
    from outreach.core.models import Pitch

    with Session(engine) as session:
        manager = session.get(User, users["manager"][0])
        _, (maya, _) = entries_with_addresses(session, manager)
        start = utcnow() - timedelta(days=3)
        pitch = Pitch(entry_id=maya.id, sent_by_id=manager.id, sent_at=start)
        session.add(pitch)
        session.flush()
        session.add(Reply(entry_id=maya.id, pitch_id=pitch.id, message_id="<r@x>", received_at=start + timedelta(hours=10),
                          answered_at=start + timedelta(hours=12)))
        session.commit()
    auth.login("manager@example.com")
    page = client.get("/dashboard/").data.decode()
    assert 'data-stat="answer-hours">2.0<' in page and 'data-stat="their-reply-hours">10.0<' in page
    # The dashboard's filters hold for these two as for its other figures.
    today, staff_id = utcnow().date(), users["staff"][0]
    since = client.get(f"/dashboard/?start={today - timedelta(days=5)}&end={today}").data.decode()
    assert 'data-stat="answer-hours">2.0<' in since and 'data-stat="their-reply-hours">10.0<' in since
    later = client.get(f"/dashboard/?start={today + timedelta(days=1)}").data.decode()
    assert 'data-stat="answer-hours">—<' in later and 'data-stat="their-reply-hours">—<' in later
    others = client.get(f"/dashboard/?staff={staff_id}").data.decode()
    assert 'data-stat="answer-hours">—<' in others and 'data-stat="their-reply-hours">—<' in others


def test_a_person_cannot_touch_anothers_mailbox_and_only_admins_set_up_the_teams(keyed_app, client, auth, engine,
                                                                                  users):
    with Session(engine) as session:
        manager = session.get(User, users["manager"][0])
        mailbox = make_mailbox(session, manager, smtp_port=free_port())
        mailbox_id = mailbox.id
    auth.login()  # staff
    assert client.get(f"/mail/mailboxes/{mailbox_id}").status_code == 403
    assert client.post(f"/mail/mailboxes/{mailbox_id}/test").status_code == 403
    assert client.post(f"/mail/mailboxes/{mailbox_id}/delete").status_code == 403
    assert b"Press" not in client.get("/mail/").data  # another person's mailbox is not listed
    client.post("/mail/mailboxes/new", data=mailbox_form(25, smtp_tls="implicit", imap_tls="implicit", shared="y"))
    with Session(engine) as session:
        assert session.exec(select(Mailbox).where(Mailbox.owner_id.is_(None))).all() == []
    auth.logout()
    auth.login("admin@example.com")
    client.post("/mail/mailboxes/new", data=mailbox_form(25, name="Team", smtp_tls="implicit", imap_tls="implicit",
                                                          shared="y"))
    auth.logout()
    auth.login()
    assert b"Team" in client.get("/mail/").data  # the team's mailbox is everyone's to send from
    with Session(engine) as session:
        team = session.exec(select(Mailbox).where(Mailbox.owner_id.is_(None))).one()
    assert client.get(f"/mail/mailboxes/{team.id}").status_code == 403


def test_a_pitch_timed_for_later_waits_for_its_time_and_a_slip_of_date_is_refused(keyed_app, client, auth, engine,
                                                                                   users, mail_smtp):
    controller, inbox = mail_smtp
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        make_mailbox(session, staff, smtp_port=controller.port)
        _, (maya, _) = entries_with_addresses(session, staff)
        entry_id = maya.id
    auth.login()
    form = {"mailbox_id": 1, "template_id": 0, "to_address": "maya@blog.example", "subject": "A grinder",
            "body": "Hi Maya", "action": "send"}
    for slip in ("2020-01-01T09:00", f"{utcnow().year + 2}-01-01T09:00"):
        response = client.post(f"/mail/entries/{entry_id}/send", data={**form, "send_at": slip})
        assert response.status_code == 400 and b"Pick a time to send from now to" in response.data
    response = client.post(f"/mail/entries/{entry_id}/send", data={**form, "send_at": "not a time"})
    assert response.status_code == 400 and b"Check the highlighted fields" in response.data
    when = (utcnow() + timedelta(days=2)).replace(second=0, microsecond=0)
    response = client.post(f"/mail/entries/{entry_id}/send", data={**form, "send_at": f"{when:%Y-%m-%dT%H:%M}"},
                           follow_redirects=True)
    assert f"Queued for {when:%Y-%m-%d %H:%M} UTC".encode() in response.data
    assert f"due {when:%Y-%m-%d %H:%M} UTC".encode() in response.data  # the thread says when
    assert send_due(engine, mail_settings()) == 0 and inbox.messages == []
    assert send_due(engine, mail_settings(), now=when + timedelta(minutes=1)) == 1
    assert inbox.messages[0][1]["Subject"] == "A grinder"


def test_changing_a_waiting_message_keeps_a_past_time_it_was_not_asked_to_move(keyed_app, client, auth, engine,
                                                                              users):
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        mailbox = make_mailbox(session, staff, smtp_port=free_port())
        _, (maya, _) = entries_with_addresses(session, staff)
        waited = (utcnow() - timedelta(hours=3)).replace(second=7, microsecond=0)
        row = OutboxMessage(mailbox_id=mailbox.id, entry_id=maya.id, created_by_id=staff.id, message_id="<w@x>",
                            to_address="maya@blog.example", subject="Hello", body="Hi", status="failed",
                            send_after=waited)
        session.add(row)
        session.commit()
        row_id = row.id
    auth.login()
    edit = client.get(f"/mail/queue/{row_id}/edit")
    shown = f"{waited:%Y-%m-%d %H:%M:%S}"
    assert f'value="{shown}"'.encode() in edit.data
    response = client.post(f"/mail/queue/{row_id}/edit", data={"subject": "Hello again", "body": "Hi",
                                                               "send_after": shown}, follow_redirects=True)
    assert b"Saved." in response.data
    moved = client.post(f"/mail/queue/{row_id}/edit", data={"subject": "Hello again", "body": "Hi",
                                                            "send_after": "2020-01-01T09:00"})
    assert b"Pick a time to send from now to" in moved.data
    unfilled = client.post(f"/mail/queue/{row_id}/edit", data={"subject": "Hi {{ first_name }}", "body": "Hi",
                                                                "send_after": shown})
    assert "Fill these merge fields first: {{ first_name }}." in unfilled.get_data(as_text=True)
    with Session(engine) as session:
        row = session.get(OutboxMessage, row_id)
        assert row.subject == "Hello again" and row.send_after == waited.replace(microsecond=0)


def test_a_mailbox_signs_what_it_sends_and_the_preview_shows_it(keyed_app, client, auth, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        mailbox = make_mailbox(session, staff, smtp_port=controller.port)
        _, (maya, _) = entries_with_addresses(session, staff)
        entry_id, mailbox_id = maya.id, mailbox.id
    auth.login()
    form = mailbox_form(controller.port, password="", signature="Ana Reyes\nNorthbrew PR · northbrew.example")
    long = client.post(f"/mail/mailboxes/{mailbox_id}", data={**form, "signature": "x" * 2001})
    assert long.status_code == 400 and b"Signature" in long.data
    assert client.post(f"/mail/mailboxes/{mailbox_id}", data=form).status_code == 302
    send = {"mailbox_id": mailbox_id, "template_id": 0, "to_address": "maya@blog.example", "subject": "A grinder",
            "body": "Hi Maya,\nwould you try it?\n"}
    preview = client.post(f"/mail/entries/{entry_id}/send", data={**send, "action": "preview"}).get_data(as_text=True)
    assert "would you try it?\n\n-- \nAna Reyes\nNorthbrew PR · northbrew.example" in preview
    client.post(f"/mail/entries/{entry_id}/send", data={**send, "action": "send"})
    assert send_due(engine, mail_settings()) == 1
    text = inbox.messages[0][1].get_payload(decode=True).decode().replace("\r\n", "\n")
    assert text == "Hi Maya,\nwould you try it?\n\n-- \nAna Reyes\nNorthbrew PR · northbrew.example\n"
    with Session(engine) as session:  # the thread keeps what the person wrote
        assert session.exec(select(Pitch.message)).one() == "Hi Maya,\nwould you try it?\n"


def test_answering_a_bloggers_message_goes_in_its_thread_without_the_pitch_guard_or_a_sequence(
        keyed_app, client, auth, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        mailbox = make_mailbox(session, staff, smtp_port=controller.port)
        campaign, (maya, leo) = entries_with_addresses(session, staff)
        session.add(SequenceStep(campaign_id=campaign.id, position=2, delay_days=4, body="Any thoughts?"))
        session.add(OutboxMessage(mailbox_id=mailbox.id, entry_id=maya.id, created_by_id=staff.id, message_id="<p@x>",
                                  to_address="maya@blog.example", subject="A grinder", body="Hi", status="sent",
                                  sent_at=utcnow() - timedelta(days=2)))
        session.add(Pitch(entry_id=maya.id, subject="A grinder", sent_at=utcnow() - timedelta(days=2),
                          sent_by_id=staff.id, message_id="<p@x>"))
        theirs = Reply(entry_id=maya.id, summary="Love it.\nCould you send the black one?", message_id="<r@blog>",
                       from_address="maya@blog.example", subject="Re: A grinder",
                       received_at=utcnow() - timedelta(hours=3))
        by_hand = Reply(entry_id=maya.id, summary="She called", received_at=utcnow() - timedelta(hours=1))
        session.add_all([theirs, by_hand])
        session.commit()
        entry_id, leo_id, reply_id, by_hand_id = maya.id, leo.id, theirs.id, by_hand.id
    auth.login()
    waiting = client.get("/mail/waiting").get_data(as_text=True)
    assert f"/mail/entries/{entry_id}/send?reply={reply_id}" in waiting
    page = client.get(f"/mail/entries/{entry_id}/send?reply={reply_id}").get_data(as_text=True)
    assert "Answer Maya Pour" in page and 'value="Re: A grinder"' in page and "Contact again anyway" not in page
    assert "UTC, maya@blog.example wrote:\n&gt; Love it.\n&gt; Could you send the black one?" in page
    assert client.get(f"/mail/entries/{leo_id}/send?reply={reply_id}").status_code == 404  # another entry's
    assert client.get(f"/mail/entries/{entry_id}/send?reply=nonsense").status_code == 404
    form = {"mailbox_id": 1, "template_id": 0, "to_address": "maya@blog.example", "subject": "Re: A grinder",
            "body": "Black it is, Maya.\n\n> Could you send the black one?", "action": "send"}
    refused = client.post(f"/mail/entries/{entry_id}/send?reply={by_hand_id}", data=form)
    assert refused.status_code == 400 and b"logged by hand" in refused.data
    response = client.post(f"/mail/entries/{entry_id}/send?reply={reply_id}", data=form, follow_redirects=True)
    assert b"Queued: your answer goes out within a minute" in response.data  # no "pitched 2 days ago"
    assert send_due(engine, mail_settings()) == 1
    [(recipients, message)] = inbox.messages
    assert recipients == ["maya@blog.example"] and message["In-Reply-To"] == "<r@blog>"
    assert message["Subject"] == "Re: A grinder"
    with Session(engine) as session:
        assert session.get(Reply, reply_id).answered_at is not None  # off the waiting list
        assert session.exec(select(OutboxMessage).where(OutboxMessage.status == "scheduled")).all() == []
        answer = session.exec(select(Pitch).where(Pitch.message_id == message["Message-ID"])).one()
        assert answer.is_follow_up
    entry_page = client.get(f"/campaigns/entries/{entry_id}/").get_data(as_text=True)
    assert "<strong>Answer</strong> · Re: A grinder" in entry_page


def test_a_reply_s_files_are_listed_in_the_thread_and_downloaded_by_who_may_open_the_entry(client, auth, engine,
                                                                                          users):
    from outreach.core.mail.parse import MAX_FILE_BYTES
    from outreach.core.models import ReplyFile
    from outreach.core.users import create_user
    from tests.conftest import PASSWORD

    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        _, (maya, _) = entries_with_addresses(session, staff)
        reply = Reply(entry_id=maya.id, summary="Kit attached", message_id="<kit@blog>", from_address="maya@blog.example",
                      received_at=utcnow())
        session.add(reply)
        session.flush()
        kit = ReplyFile(reply_id=reply.id, name="Media kit.pdf", content_type="application/pdf", size=9,
                        data=b"%PDF-1.4\n")
        reel = ReplyFile(reply_id=reply.id, name="reel.mp4", content_type="application/octet-stream",
                         size=MAX_FILE_BYTES + 1, data=b"")
        session.add_all([kit, reel])
        create_user(session, "outsider@example.com", PASSWORD, "staff", name="Outsider")
        session.commit()
        entry_id, kit_id = maya.id, kit.id
    auth.login()
    thread = client.get(f"/campaigns/entries/{entry_id}/").get_data(as_text=True)
    assert f'href="/mail/replies/files/{kit_id}" download>Media kit.pdf</a>' in thread
    assert "reel.mp4 (10.0 MB, too large to keep here: it is in the mailbox)" in thread
    download = client.get(f"/mail/replies/files/{kit_id}")
    assert download.data == b"%PDF-1.4\n" and download.headers["Content-Disposition"].startswith("attachment;")
    assert download.mimetype == "application/pdf"
    auth.logout()
    auth.login("outsider@example.com")
    assert client.get(f"/mail/replies/files/{kit_id}").status_code == 403
    assert client.get(f"/mail/replies/files/{kit_id + 9}").status_code == 404


def test_the_send_page_shows_what_the_blogger_wrote_lately(keyed_app, client, auth, engine, users):
    from outreach.core.models import Blog, Post

    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        make_mailbox(session, staff, smtp_port=free_port())
        _, (maya, leo) = entries_with_addresses(session, staff)
        blog = session.exec(select(Blog).where(Blog.blogger_id == maya.blogger_id)).one()
        podcast = Blog(feed_url="https://pod.example/rss", title="Crema Talk", platform="podcast",
                       blogger_id=maya.blogger_id)
        other = session.exec(select(Blog).where(Blog.blogger_id == leo.blogger_id)).one()
        session.add(podcast)
        session.flush()
        now = utcnow()
        for day in range(7):  # alternating between her two channels
            session.add(Post(blog_id=(blog if day % 2 else podcast).id, url=f"https://maya.example/{day}",
                             key=f"maya-{day}", title=f"Grinder notes {day}", published_at=now - timedelta(days=day)))
        session.add(Post(blog_id=other.id, url="https://leo.example/1", key="leo-1", title="Leo's espresso",
                         published_at=now))
        session.commit()
        entry_id = maya.id
    auth.login()
    lately = client.get(f"/mail/entries/{entry_id}/send").get_data(as_text=True)
    lately = lately[lately.index('id="lately"'):]
    assert [f"Grinder notes {day}" in lately for day in range(7)] == [True] * 5 + [False] * 2
    assert lately.index("Grinder notes 0") < lately.index("Grinder notes 1") and "Crema Talk" in lately
    assert "Leo&#39;s espresso" not in lately and 'href="https://maya.example/0"' in lately


def test_a_mailbox_chooses_whether_copies_go_to_its_sent_folder(keyed_app, client, auth, engine, users):
    auth.login("admin@example.com")
    client.post("/mail/plaintext-hosts", data={"host": "127.0.0.1", "allow": "1"})
    client.post("/mail/mailboxes/new", data=mailbox_form(free_port(), copy_to_sent="y"))
    client.post("/mail/mailboxes/new", data=mailbox_form(free_port(), name="Gmail one"))
    with Session(engine) as session:
        boxes = session.exec(select(Mailbox).order_by(Mailbox.id)).all()
        assert [(box.name, box.copy_to_sent) for box in boxes] == [("Work", True), ("Gmail one", False)]
    from bs4 import BeautifulSoup

    listed = BeautifulSoup(client.get("/mail/").data, "html.parser")
    assert len(listed.find_all(attrs={"data-testid": "copies"})) == 1  # the list says which keeps copies
    for box, ticked in zip(boxes, (True, False)):
        page = BeautifulSoup(client.get(f"/mail/mailboxes/{box.id}").data, "html.parser")
        assert page.find("input", id="copy_to_sent").has_attr("checked") is ticked


def test_the_servers_of_a_known_mail_service_fill_from_the_address(keyed_app, client, auth, engine):
    from bs4 import BeautifulSoup

    auth.login()
    response = client.post("/mail/mailboxes/new", data={"name": "Mine", "email_address": "ana@Fastmail.com ",
                                                         "action": "fill", "smtp_host": "", "imap_host": ""})
    assert response.status_code == 200
    page = BeautifulSoup(response.data, "html.parser")
    assert page.find("input", id="smtp_host")["value"] == "smtp.fastmail.com"
    assert page.find("input", id="imap_port")["value"] == "993" and page.find("input", id="username")["value"] == \
        "ana@Fastmail.com"
    assert page.find("select", id="smtp_tls").find("option", selected=True)["value"] == "implicit"
    assert page.find("input", id="copy_to_sent").has_attr("checked")  # Fastmail's SMTP keeps no copy
    assert "Fastmail&#39;s servers are filled in: it takes an app password" in response.get_data(as_text=True)
    response = client.post("/mail/mailboxes/new", data={"email_address": "ana@northbrew.example", "action": "fill"})
    assert response.status_code == 200 and b"are not known here" in response.data
    with Session(engine) as session:
        assert session.exec(select(Mailbox)).all() == []  # filling saves nothing
