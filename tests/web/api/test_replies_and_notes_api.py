"""Replies and notes through the API: a reply logged by hand moves the card as on the page, one read
from a mailbox is read back with its files, the waiting list is the page's, and notes tell the
colleagues they name. Bad calls are refused with the reason and keep nothing."""

from __future__ import annotations

import base64
from datetime import timedelta

from sqlmodel import select

from outreach.core.mail.parse import MAX_FILE_BYTES
from outreach.core.models import Note, Notification, Pitch, Reply, ReplyFile, Stage, User, utcnow
from tests.mail_factories import entries_with_addresses


def test_a_reply_logged_by_hand_answers_the_pitch_and_moves_the_card(api, session, users):
    staff = session.get(User, users["staff"][0])
    _, (maya, _) = entries_with_addresses(session, staff)
    assert api["staff"].post(f"/entries/{maya.id}/pitches", json={"subject": "A grinder", "message": "Hi"}).status_code == 201
    came = (utcnow() - timedelta(hours=2)).isoformat()
    logged = api["staff"].post(f"/entries/{maya.id}/replies", json={
        "channel": "phone", "summary": "Loves it, wants a sample", "sentiment": "positive", "received_at": came})
    assert logged.status_code == 201, logged.json
    assert (logged.json["channel"], logged.json["sentiment"], logged.json["logged_by_id"]) == ("phone", "positive",
                                                                                              staff.id)
    assert logged.json["from_address"] == "" and logged.json["files"] == []
    session.expire_all()
    assert session.get(Stage, session.get(type(maya), maya.id).stage_id).kind == "responded"
    assert session.exec(select(Pitch.outcome)).one() == "replied"
    [listed] = api["staff"].get(f"/entries/{maya.id}/replies").json
    assert listed["summary"] == "Loves it, wants a sample" and listed["pitch_id"] is not None

    future = (utcnow() + timedelta(hours=1)).isoformat()
    for bad, says in (({"summary": "   "}, "summary is empty"), ({"summary": "x", "sentiment": "angry"}, "validate"),
                      ({"summary": "x", "received_at": future}, "in the future"),
                      ({"summary": "x", "received_at": "2026-12-01T10:00:00"}, "validate"),
                      ({"summary": "x", "channel": "pigeon"}, "validate"), ({"summary": "x" * 50_001}, "validate")):
        refused = api["staff"].post(f"/entries/{maya.id}/replies", json=bad)
        assert refused.status_code == 422 and says in refused.json["error"] + str(refused.json.get("details")), bad
    assert len(session.exec(select(Reply)).all()) == 1


def test_a_read_reply_comes_back_with_its_files_and_leaves_the_waiting_list_when_answered(api, session, users):
    manager = session.get(User, users["manager"][0])
    _, (maya, leo) = entries_with_addresses(session, manager)  # the manager's campaign: staff are not members
    now = utcnow()
    older = Reply(entry_id=leo.id, summary="Rates attached", message_id="<rates@blog>", from_address="leo@blog.example",
                  subject="Re: Autumn", received_at=now - timedelta(hours=30))
    newer = Reply(entry_id=maya.id, summary="Kit attached", message_id="<kit@blog>", from_address="maya@blog.example",
                  subject="Re: Autumn", received_at=now - timedelta(hours=3))
    session.add_all([older, newer])
    session.flush()
    kit = ReplyFile(reply_id=newer.id, name="Media kit.pdf", content_type="application/pdf", size=9, data=b"%PDF-1.4\n")
    reel = ReplyFile(reply_id=newer.id, name="reel.mp4", content_type="application/octet-stream",
                     size=MAX_FILE_BYTES + 1, data=b"")
    session.add_all([kit, reel])
    session.commit()

    [read] = api["manager"].get(f"/entries/{maya.id}/replies").json
    assert (read["from_address"], read["subject"], read["logged_by_id"]) == ("maya@blog.example", "Re: Autumn", None)
    assert [(file["name"], file["kept"]) for file in read["files"]] == [("Media kit.pdf", True), ("reel.mp4", False)]
    content = api["manager"].get(f"/replies/files/{kit.id}")
    assert content.status_code == 200 and base64.b64decode(content.json["content_base64"]) == b"%PDF-1.4\n"
    assert api["manager"].get(f"/replies/files/{reel.id}").json["content_base64"] == ""
    assert api["manager"].get(f"/replies/files/{reel.id + 40}").status_code == 404

    waiting = api["manager"].get("/replies/waiting").json
    assert [(row["blogger_name"], row["reply"]["summary"]) for row in waiting] == [
        ("Leo Trail", "Rates attached"), ("Maya Pour", "Kit attached")]
    assert waiting[0]["hours"] >= 29.9 and waiting[0]["campaign_name"] == "Autumn launch"
    assert api["staff"].get("/replies/waiting").json == []  # not their campaign

    for path in (f"/entries/{maya.id}/replies", f"/replies/files/{kit.id}"):
        assert api["staff"].get(path).status_code == 403, path
    assert api["staff"].post(f"/replies/{older.id}/answered").status_code == 403
    answered = api["manager"].post(f"/replies/{older.id}/answered")
    assert answered.status_code == 200 and answered.json["answered_at"] is not None
    assert [row["reply"]["id"] for row in api["manager"].get("/replies/waiting").json] == [newer.id]
    again = api["manager"].post(f"/replies/{older.id}/answered")  # answered already: the first time stays
    assert again.json["answered_at"] == answered.json["answered_at"]
    assert api["manager"].post(f"/replies/{newer.id + 40}/answered").status_code == 404


def test_notes_on_an_entry_and_on_a_blogger_tell_the_colleagues_they_name(api, session, users):
    staff = session.get(User, users["staff"][0])
    _, (maya, _) = entries_with_addresses(session, staff)
    on_entry = api["staff"].post(f"/entries/{maya.id}/notes", json={"body": "Asked for the blue one, @manager"})
    assert on_entry.status_code == 201 and on_entry.json["entry_id"] == maya.id
    on_blogger = api["staff"].post(f"/bloggers/{maya.blogger_id}/notes", json={"body": "Prefers calls"})
    assert on_blogger.status_code == 201 and on_blogger.json["entry_id"] is None
    assert [note["body"] for note in api["staff"].get(f"/entries/{maya.id}/notes").json] == [
        "Asked for the blue one, @manager"]
    assert [note["body"] for note in api["manager"].get(f"/bloggers/{maya.blogger_id}/notes").json] == ["Prefers calls"]
    told = session.exec(select(Notification).where(Notification.user_id == users["manager"][0])).all()
    assert [notification.title for notification in told] == ["Staff mentioned you in a note on Maya Pour"]

    for bad, says in (({"body": "  \n "}, "body is empty"), ({"body": ""}, "validate"),
                      ({"body": "x" * 20_001}, "validate"), ({"text": "hi"}, "validate")):
        for path in (f"/entries/{maya.id}/notes", f"/bloggers/{maya.blogger_id}/notes"):
            refused = api["staff"].post(path, json=bad)
            assert refused.status_code == 422 and says in refused.json["error"] + str(refused.json.get("details")), bad
    assert api["staff"].post(f"/bloggers/{maya.blogger_id + 90}/notes", json={"body": "x"}).status_code == 404
    assert len(session.exec(select(Note)).all()) == 2


def test_an_entry_of_a_campaign_one_may_not_work_keeps_its_notes_and_replies_private(api, session, users):
    manager = session.get(User, users["manager"][0])
    _, (maya, _) = entries_with_addresses(session, manager)
    assert api["manager"].post(f"/entries/{maya.id}/notes", json={"body": "Private"}).status_code == 201
    for call in (lambda: api["staff"].get(f"/entries/{maya.id}/notes"),
                 lambda: api["staff"].post(f"/entries/{maya.id}/notes", json={"body": "x"}),
                 lambda: api["staff"].post(f"/entries/{maya.id}/replies", json={"summary": "x"})):
        refused = call()
        assert refused.status_code == 403 and "not a member" in refused.json["error"]
    assert api["staff"].get(f"/bloggers/{maya.blogger_id}/notes").json == []  # a note on the entry stays there
    assert len(session.exec(select(Note)).all()) == 1 and session.exec(select(Reply)).all() == []
