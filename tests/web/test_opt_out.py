"""A blogger's own opt-out: the link every email carries (header, or a last line too), the page
that asks before it acts, the one-click request a mail app sends without cookies, and what it
stops."""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

import pytest
from itsdangerous import URLSafeSerializer
from sqlmodel import Session, select

from outreach.core.errors import Refused
from outreach.core.mail.opt_out import opt_out_token
from outreach.core.mail.outbox import send_due
from outreach.core.mail.pitching import queue_pitch
from outreach.core.merging import merge_blogs
from outreach.core.models import (
    AuditEvent,
    Blog,
    Blogger,
    Mailbox,
    Notification,
    OutboxMessage,
    PipelineEntry,
    User,
    utcnow,
)
from tests.mail_factories import entries_with_addresses, mail_settings, make_mailbox

BASE = "https://outreach.example"


def queue_to_maya(engine, users, smtp_port: int) -> tuple[int, int, int]:
    """A pitch queued to Maya (whose card the staff member owns), and a follow-up waiting after it;
    returns the entry, Maya's blogger id and the follow-up's row."""
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        mailbox = make_mailbox(session, staff, smtp_port=smtp_port)
        _, (maya, _) = entries_with_addresses(session, staff)
        maya.owner_id = staff.id
        queue_pitch(session, staff, maya, mailbox, to_address="maya@blog.example", subject="A grinder",
                    body="Hi Maya,\nwould you like to try it?", guard_days=30)
        later = OutboxMessage(mailbox_id=mailbox.id, entry_id=maya.id, created_by_id=staff.id, message_id="<later@x>",
                              to_address="maya@blog.example", subject="Re: A grinder", body="Any thoughts?", step=2,
                              status="scheduled", send_after=utcnow().replace(year=utcnow().year + 1))
        session.add_all([maya, later])
        session.commit()
        return maya.id, maya.blogger_id, later.id


def sent_settings(app, **more) -> dict:
    return mail_settings(BASE_URL=BASE, SECRET_KEY=app.config["SECRET_KEY"], **more)


def test_every_email_carries_a_one_click_link_that_stops_our_emails(app, client, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    entry_id, blogger_id, later_id = queue_to_maya(engine, users, controller.port)
    assert send_due(engine, sent_settings(app)) == 1
    [(_, message)] = inbox.messages
    link = message["List-Unsubscribe"].strip("<>")
    assert link.startswith(f"{BASE}/mail/opt-out/") and message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "hear from us" not in message.get_payload(decode=True).decode()  # the header alone by default
    path = urlsplit(link).path

    page = client.get(path)  # no cookies: the blogger has no account
    assert page.status_code == 200 and b"Stop these emails?" in page.data and b"maya@blog.example" in page.data
    with Session(engine) as session:
        assert not session.get(Blogger, blogger_id).do_not_contact  # a link scanner's GET changes nothing

    response = client.post(path, data={"List-Unsubscribe": "One-Click"})  # what a mail app sends (RFC 8058)
    assert response.status_code == 200 and b"No more emails will be sent to" in response.data
    with Session(engine) as session:
        maya = session.get(Blogger, blogger_id)
        assert maya.do_not_contact and maya.relationship_status == "do_not_contact"
        assert maya.do_not_contact_reason.startswith("Asked by the link in our email to maya@blog.example on ")
        assert session.get(OutboxMessage, later_id).status == "cancelled"
        [told] = session.exec(select(Notification).where(Notification.kind == "do_not_contact")).all()
        assert told.user_id == users["staff"][0] and told.url == f"/bloggers/{blogger_id}/"
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "added_do_not_contact")).all()
        assert event.user_id is None and event.details["via"] == "opt_out_link"
        staff, entry = session.get(User, users["staff"][0]), session.get(PipelineEntry, entry_id)
        mailbox = session.exec(select(Mailbox)).one()
        with pytest.raises(Refused, match="do-not-contact list"):
            queue_pitch(session, staff, entry, mailbox, to_address="maya@blog.example", subject="Again", body="Hi",
                        guard_days=0, contact_again=True)

    again = client.post(path)  # a second click: the same answer, nobody told twice
    assert again.status_code == 200
    with Session(engine) as session:
        assert len(session.exec(select(Notification).where(Notification.kind == "do_not_contact")).all()) == 1


def test_the_line_mode_ends_the_text_with_the_link_and_off_sends_none(app, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    queue_to_maya(engine, users, controller.port)
    assert send_due(engine, sent_settings(app, MAIL_OPT_OUT="line")) == 1
    [(_, message)] = inbox.messages
    text = message.get_payload(decode=True).decode().replace("\r\n", "\n")
    assert text.startswith("Hi Maya,\nwould you like to try it?\n\n")
    assert text.rstrip().endswith(message["List-Unsubscribe"].strip("<>"))
    assert "If you would rather not hear from us again: https://outreach.example/mail/opt-out/" in text
    with Session(engine) as session:  # what the person wrote is what the entry's thread shows
        assert session.exec(select(OutboxMessage).where(OutboxMessage.step == 1)).one().body == \
            "Hi Maya,\nwould you like to try it?"


def test_no_link_without_the_apps_address_or_when_turned_off(app, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    entry_id, _, _ = queue_to_maya(engine, users, controller.port)
    assert send_due(engine, mail_settings(SECRET_KEY=app.config["SECRET_KEY"])) == 1  # no BASE_URL
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        leo = session.exec(select(PipelineEntry).where(PipelineEntry.id != entry_id)).one()
        queue_pitch(session, staff, leo, session.exec(select(Mailbox)).one(), to_address="leo@blog.example",
                    subject="Hello", body="Hi Leo", guard_days=30)
        session.commit()
    assert send_due(engine, sent_settings(app, MAIL_OPT_OUT="off")) == 1
    assert len(inbox.messages) == 2 and all(m["List-Unsubscribe"] is None for _, m in inbox.messages)


def test_a_link_that_is_not_ours_is_not_found_and_changes_nothing(app, client, engine, users):
    with Session(engine) as session:
        _, (maya, _) = entries_with_addresses(session, session.get(User, users["staff"][0]))
        blogger_id = maya.blogger_id
    token = opt_out_token(app.config["SECRET_KEY"], 1, blogger_id)
    forged = opt_out_token("another key", 1, blogger_id)
    for path in (f"/mail/opt-out/{forged}", f"/mail/opt-out/{token[:-2]}", "/mail/opt-out/%3Cscript%3E"):
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 404 and b"<script>" not in response.data
    with Session(engine) as session:
        assert not session.get(Blogger, blogger_id).do_not_contact


def test_a_link_follows_its_email_into_a_merged_blogger(app, client, engine, users):
    with Session(engine) as session:
        admin = session.get(User, users["admin"][0])
        _, (maya, leo) = entries_with_addresses(session, admin)
        mailbox = make_mailbox(session, admin, smtp_port=25)
        row = queue_pitch(session, admin, maya, mailbox, to_address="maya@blog.example", subject="Hi", body="Hi Maya",
                          guard_days=30)
        session.commit()
        maya_blog, leo_blog = (session.exec(select(Blog).where(Blog.blogger_id == e.blogger_id)).one()
                               for e in (maya, leo))
        token = opt_out_token(app.config["SECRET_KEY"], row.id, maya.blogger_id)
        merge_blogs(session, admin, maya_blog, leo_blog)  # Maya's blogger goes; her card and email move to Leo's
        session.commit()
        kept = leo.blogger_id
    assert b"maya@blog.example" in client.get(f"/mail/opt-out/{token}").data
    assert client.post(f"/mail/opt-out/{token}").status_code == 200
    with Session(engine) as session:
        assert session.get(Blogger, kept).do_not_contact


def test_the_link_keeps_the_address_out_and_the_first_links_still_work(app, client, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    entry_id, blogger_id, _ = queue_to_maya(engine, users, controller.port)
    assert send_due(engine, sent_settings(app)) == 1
    token = inbox.messages[0][1]["List-Unsubscribe"].strip("<>").rsplit("/", 1)[1]
    payload = base64.urlsafe_b64decode(token.split(".")[0] + "==")
    assert b"maya" not in payload and b"@" not in payload  # the ids of the email and the blogger alone
    # A link of the first form, which named the blogger and the address, is still honoured.
    first_form = URLSafeSerializer(app.config["SECRET_KEY"], salt="outreach-opt-out").dumps(
        {"b": blogger_id, "a": "maya@blog.example"})
    assert b"maya@blog.example" in client.get(f"/mail/opt-out/{first_form}").data
    assert client.post(f"/mail/opt-out/{first_form}").status_code == 200
    with Session(engine) as session:
        assert session.get(Blogger, blogger_id).do_not_contact


def test_a_link_whose_email_is_gone_still_stops_its_blogger(app, client, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    entry_id, blogger_id, _ = queue_to_maya(engine, users, controller.port)
    assert send_due(engine, sent_settings(app)) == 1
    path = urlsplit(inbox.messages[0][1]["List-Unsubscribe"].strip("<>")).path
    with Session(engine) as session:  # the campaign deleted, its cards and their emails with it
        for row in session.exec(select(OutboxMessage)).all():
            session.delete(row)
        session.delete(session.get(PipelineEntry, entry_id))
        session.commit()
    page = client.get(path)
    assert page.status_code == 200 and b"We will not write to you from here again" in page.data
    assert b"No more emails will be sent to you" in client.post(path).data
    with Session(engine) as session:
        maya = session.get(Blogger, blogger_id)
        assert maya.do_not_contact and maya.do_not_contact_reason.startswith("Asked by the link in one of our emails on ")
