"""Email from scripts: queue a pitch or an answer through the send page's guards, and list an
entry's emails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from outreach.core.mail.outbox import send_due
from outreach.core.models import Blogger, OutboxMessage, Reply, User, utcnow
from tests.mail_factories import KEY, entries_with_addresses, mail_settings, make_mailbox


@pytest.fixture
def staff_entries(app, session, users, mail_smtp):
    """The staff member's connected mailbox and a campaign of theirs with Maya and Leo."""
    app.config["MAIL_KEY"] = KEY
    controller, inbox = mail_smtp
    staff = session.get(User, users["staff"][0])
    make_mailbox(session, staff, smtp_port=controller.port)
    _, (maya, leo) = entries_with_addresses(session, staff)
    return maya, leo, inbox


def test_a_script_queues_a_pitch_that_goes_out_and_lists_it(api, engine, session, staff_entries):
    maya, leo, inbox = staff_entries
    later = utcnow() + timedelta(days=1)
    timed = api["staff"].post(f"/entries/{leo.id}/emails", json={
        "subject": "Later", "body": "Hi Leo", "send_at": later.astimezone().isoformat()})
    assert timed.status_code == 201 and timed.json["to_address"] == "leo@blog.example"
    naive = api["staff"].post(f"/entries/{leo.id}/emails", json={"subject": "x", "body": "y",
                                                                  "send_at": "2027-01-01T09:00:00"})
    assert naive.status_code == 422  # a time without its zone is refused, not guessed
    created = api["staff"].post(f"/entries/{maya.id}/emails", json={"subject": "A grinder", "body": "Hi Maya"})
    assert created.status_code == 201
    assert (created.json["to_address"], created.json["status"], created.json["is_answer"]) == (
        "maya@blog.example", "queued", False)
    again = api["staff"].post(f"/entries/{maya.id}/emails", json={"subject": "Again", "body": "Hi"})
    assert again.status_code == 422 and "already queued" in again.json["error"]
    assert send_due(engine, mail_settings()) == 1 and inbox.messages[0][1]["Subject"] == "A grinder"
    [listed] = api["staff"].get(f"/entries/{maya.id}/emails").json
    assert listed["status"] == "sent" and listed["sent_at"] is not None
    assert api["admin"].post(f"/entries/{maya.id}/emails", json={"subject": "x", "body": "y"}).status_code == 409
    assert api["staff"].post(f"/entries/{maya.id}/emails", json={"subject": "x", "body": "y",
                                                                  "mailbox_id": 4242}).status_code == 409


def test_a_script_answers_a_reply_in_its_thread_and_the_guards_hold(api, engine, session, staff_entries):
    maya, leo, inbox = staff_entries
    reply = Reply(entry_id=maya.id, summary="Send two?", message_id="<r@blog>", from_address="maya@blog.example",
                  subject="Re: A grinder", received_at=utcnow() - timedelta(hours=1))
    session.add(reply)
    session.commit()
    elsewhere = api["staff"].post(f"/entries/{leo.id}/emails", json={"subject": "Re", "body": "x", "reply_id": reply.id})
    assert elsewhere.status_code == 404
    answer = api["staff"].post(f"/entries/{maya.id}/emails", json={
        "subject": "Re: A grinder", "body": "Two it is.", "reply_id": reply.id})
    assert answer.status_code == 201 and answer.json["is_answer"] and answer.json["in_reply_to"] == "<r@blog>"
    assert send_due(engine, mail_settings()) == 1 and inbox.messages[0][1]["In-Reply-To"] == "<r@blog>"
    blogger = session.get(Blogger, leo.blogger_id)
    blogger.do_not_contact = True
    session.add(blogger)
    session.commit()
    refused = api["staff"].post(f"/entries/{leo.id}/emails", json={"subject": "Hi", "body": "Leo"})
    assert refused.status_code == 403 and "do-not-contact" in refused.json["error"]
    assert session.exec(select(OutboxMessage).where(OutboxMessage.entry_id == leo.id)).all() == []


def test_a_script_lists_the_mailboxes_it_may_send_from(api, engine, session, staff_entries, users):
    maya, _, _ = staff_entries
    admin = session.get(User, users["admin"][0])
    team = make_mailbox(session, admin, smtp_port=25)
    team.name, team.owner_id, team.resting_until = "Team", None, utcnow() + timedelta(hours=3)
    session.add(team)
    session.commit()
    assert api["staff"].post(f"/entries/{maya.id}/emails", json={"subject": "A", "body": "B"}).status_code == 201
    assert send_due(engine, mail_settings()) == 1
    own, shared = api["staff"].get("/mailboxes").json
    assert (own["name"], own["team"], own["signs_in_with"], own["connected"], own["copy_to_sent"]) == (
        "Press", False, None, True, True)
    assert (own["sent_today"], own["daily_limit"], own["resting_until"]) == (1, 100, None)
    assert shared["team"] is True and shared["resting_until"] is not None and shared["login_refused_since"] is None
    assert [box["name"] for box in api["manager"].get("/mailboxes").json] == ["Team"]  # not another's own
