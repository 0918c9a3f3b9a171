"""A campaign's files through the API: added in base64 (checked by content), attached to an email,
named with it, and removed only when no email waiting to go carries them."""

from __future__ import annotations

import base64

from sqlmodel import select

from outreach.core.mail.outbox import send_due
from outreach.core.models import CampaignFile, User
from tests.mail_factories import KEY, entries_with_addresses, mail_settings, make_mailbox

PDF = b"%PDF-1.7\n%%EOF\n"


def test_files_through_the_api(app, api, engine, session, users, mail_smtp):
    app.config["MAIL_KEY"] = KEY
    controller, inbox = mail_smtp
    staff = session.get(User, users["staff"][0])
    make_mailbox(session, staff, smtp_port=controller.port)
    campaign, (maya, _) = entries_with_addresses(session, staff)
    encoded = base64.b64encode(PDF).decode()
    made = api["staff"].post(f"/campaigns/{campaign.id}/files", json={"name": "release.pdf", "content_base64": encoded})
    assert made.status_code == 201 and (made.json["name"], made.json["size"]) == ("release.pdf", len(PDF))
    assert made.json["content_type"] == "application/pdf"
    not_base64 = api["staff"].post(f"/campaigns/{campaign.id}/files", json={"name": "x.pdf", "content_base64": "%%%"})
    assert not_base64.status_code == 422 and "not base64" in not_base64.json["error"]
    disguised = api["staff"].post(f"/campaigns/{campaign.id}/files", json={
        "name": "x.pdf", "content_base64": base64.b64encode(b"<script>alert(1)</script>").decode()})
    assert disguised.status_code == 422 and "is not a PDF" in disguised.json["error"]
    assert api["staff"].post(f"/campaigns/{campaign.id}/files", json={
        "name": "release.pdf", "content_base64": encoded}).status_code == 422  # the name is taken
    assert [row["name"] for row in api["staff"].get(f"/campaigns/{campaign.id}/files").json] == ["release.pdf"]
    file_id = made.json["id"]
    read = api["staff"].get(f"/files/{file_id}")
    assert read.status_code == 200 and base64.b64decode(read.json["content_base64"]) == PDF
    assert api["staff"].get(f"/files/{file_id + 40}").status_code == 404
    email = api["staff"].post(f"/entries/{maya.id}/emails", json={"subject": "Launch", "body": "Hi Maya",
                                                                   "attachments": [file_id]})
    assert email.status_code == 201
    assert email.json["attachments"] == [{"file_id": file_id, "name": "release.pdf", "size": len(PDF)}]
    waiting = api["staff"].delete(f"/files/{file_id}")
    assert waiting.status_code == 409 and "waiting to go" in waiting.json["error"]
    assert api["manager"].delete(f"/files/{file_id}").status_code == 409
    assert send_due(engine, mail_settings()) == 1 and b"release.pdf" in inbox.raw[0]
    assert api["staff"].post(f"/entries/{maya.id}/emails", json={
        "subject": "x", "body": "y", "attachments": [file_id + 50], "contact_again": True}).status_code == 422
    removed = api["staff"].delete(f"/files/{file_id}")
    assert removed.status_code == 200 and removed.json["name"] == "release.pdf"
    [listed] = api["staff"].get(f"/entries/{maya.id}/emails").json
    assert listed["attachments"] == [{"file_id": None, "name": "release.pdf", "size": len(PDF)}]
    assert session.exec(select(CampaignFile)).all() == []
    assert api["staff"].get(f"/campaigns/{campaign.id + 9}/files").status_code == 404
