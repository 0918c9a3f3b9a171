"""Pitch approval through the API: a staff member's pitch waits, a manager approves it or sends it
back with a note; staff cannot decide, and a bad decision is refused with the reason."""

from __future__ import annotations

from sqlmodel import Session, select

from outreach.core.models import Notification, OutboxMessage
from tests.web.test_pitch_approval import campaign_needing_approval


def test_the_api_queues_staff_pitches_for_approval_and_managers_decide(app, client, engine, users, api):
    entry_id = campaign_needing_approval(app, engine, users)
    created = api["staff"].post(f"/entries/{entry_id}/emails", json={"subject": "A grinder", "body": "Hi Maya"})
    assert created.status_code == 201 and created.json["status"] == "awaiting_approval"
    email_id = created.json["id"]
    with Session(engine) as session:
        assert len(session.exec(select(Notification).where(Notification.user_id == users["manager"][0])).all()) == 1
    assert api["staff"].post(f"/emails/{email_id}/approval", json={"decision": "approve"}).status_code == 403
    empty = api["manager"].post(f"/emails/{email_id}/approval", json={"decision": "send_back"})
    assert empty.status_code == 422 and "Say what to change" in empty.json["error"]
    assert api["manager"].post(f"/emails/{email_id}/approval", json={"decision": "maybe"}).status_code == 422
    back = api["manager"].post(f"/emails/{email_id}/approval", json={"decision": "send_back", "note": "Shorter."})
    assert back.status_code == 200 and back.json["status"] == "cancelled"
    assert api["manager"].post("/emails/4242/approval", json={"decision": "approve"}).status_code == 404
    with Session(engine) as session:
        assert session.get(OutboxMessage, email_id).last_error == "Sent back by Manager: Shorter."
