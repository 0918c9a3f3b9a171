"""A campaign's files: added on its Files page (checked by their content), attached to a pitch,
carried by the email the SMTP server receives, named in the thread, and removed only when no email
waiting to go carries them."""

from __future__ import annotations

import email
import email.policy
import io

import pytest
from sqlmodel import Session, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from outreach.core.campaign_files import MAX_FILE_BYTES, FileRefused, add_file, clean_name
from outreach.core.mail.outbox import send_due
from outreach.core.models import AuditEvent, CampaignFile, CampaignMember, OutboxMessage, User
from outreach.core.users import create_user
from tests.conftest import PASSWORD
from tests.mail_factories import KEY, entries_with_addresses, mail_settings, make_mailbox

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(client, campaign_id: int, name: str, data: bytes, **kwargs):
    """The page's form sent as a browser sends it (encoded in memory: the test client's own
    encoding spools large bodies to a file it leaves open)."""
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), filename=name)})
    return client.post(f"/campaigns/{campaign_id}/files", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}", **kwargs)


@pytest.fixture
def staff_campaign(app, engine, users, mail_smtp):
    """The staff member's mailbox on the test SMTP server and their campaign of Maya and Leo."""
    app.config["MAIL_KEY"] = KEY
    controller, inbox = mail_smtp
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        make_mailbox(session, staff, smtp_port=controller.port)
        campaign, (maya, leo) = entries_with_addresses(session, staff)
        return campaign.id, maya.id, leo.id, inbox


def test_a_file_is_checked_by_its_content_and_its_name_cleaned(engine, users):
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        campaign_id = entries_with_addresses(session, staff)[0].id
        refusals = {
            "setup.exe": (b"MZ\x90\x00", "a .exe file"),
            "lookbook.pdf": (b"MZ\x90\x00 not a pdf", "is not a PDF"),
            "empty.pdf": (b"", "is empty"),
            "notes.txt": (b"\xff\xfe\x00n\x00o", "not text in UTF-8"),
            "huge.pdf": (b"%PDF-" + b"0" * MAX_FILE_BYTES, "is over 10.0 MB"),
            "README": (b"hello", "without an ending"),
            "photo.webp": (b"RIFF\x10\x00\x00\x00WAVEfmt ", "is not a WebP image"),
        }
        for name, (data, said) in refusals.items():
            with pytest.raises(FileRefused, match=said):
                add_file(session, staff, campaign_id, name, data)
        assert add_file(session, staff, campaign_id, "photo.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ").content_type == "image/webp"
        kept = add_file(session, staff, campaign_id, "C:\\Users\\pr\\..\\Press <2026>.PDF", PDF)
        assert (kept.name, kept.content_type, kept.size) == ("Press _2026_.PDF", "application/pdf", len(PDF))
        with pytest.raises(FileRefused, match="has a file named Press _2026_.PDF already"):
            add_file(session, staff, campaign_id, "../../Press <2026>.PDF", PDF)
    assert clean_name("../../etc/passwd.pdf") == "passwd.pdf" and clean_name("a\x00b.txt") == "ab.txt"
    assert clean_name("x" * 300 + ".pdf").endswith("x.pdf") and len(clean_name("x" * 300 + ".pdf")) == 200


def test_a_pitch_carries_its_files_to_the_blogger_and_the_thread_names_them(client, auth, engine, staff_campaign):
    campaign_id, maya_id, _, inbox = staff_campaign
    auth.login()
    page = client.get(f"/mail/entries/{maya_id}/send")
    assert b"No files to attach" in page.data
    added = upload(client, campaign_id, "press-release.pdf", PDF, follow_redirects=True)
    assert b"Added press-release.pdf" in added.data and b"press-release.pdf" in added.data
    refused = upload(client, campaign_id, "invoice.pdf.exe", b"MZ")
    assert refused.status_code == 400 and b"a .exe file" in refused.data
    with Session(engine) as session:
        file_id = session.exec(select(CampaignFile.id)).one()
    page = client.get(f"/mail/entries/{maya_id}/send")
    assert b"press-release.pdf (1 KB)" in page.data
    form = {"mailbox_id": 1, "template_id": 0, "to_address": "maya@blog.example", "subject": "Our launch",
            "body": "Hi Maya, the release is attached.", "attach": [file_id]}
    preview = client.post(f"/mail/entries/{maya_id}/send", data={**form, "action": "preview"})
    assert b"Attached:</strong> press-release.pdf" in preview.data
    foreign = client.post(f"/mail/entries/{maya_id}/send", data={**form, "attach": [file_id + 7], "action": "send"})
    assert foreign.status_code == 400 and b"is not a valid choice" in foreign.data
    sent = client.post(f"/mail/entries/{maya_id}/send", data={**form, "action": "send"}, follow_redirects=True)
    assert b"Queued" in sent.data and b"Attached:" in sent.data
    busy = client.post(f"/campaigns/files/{file_id}/remove", follow_redirects=True)
    assert b"1 email waiting to go attaches press-release.pdf" in busy.data
    assert send_due(engine, mail_settings()) == 1
    [(recipients, _)] = inbox.messages
    message = email.message_from_bytes(inbox.raw[0], policy=email.policy.default)
    [part] = list(message.iter_attachments())
    assert recipients == ["maya@blog.example"] and part.get_filename() == "press-release.pdf"
    assert part.get_content_type() == "application/pdf" and part.get_payload(decode=True) == PDF
    assert "the release is attached" in message.get_body(("plain",)).get_content()
    download = client.get(f"/campaigns/files/{file_id}")
    assert download.data == PDF and download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    removed = client.post(f"/campaigns/files/{file_id}/remove", follow_redirects=True)
    assert b"Removed press-release.pdf" in removed.data
    entry = client.get(f"/campaigns/entries/{maya_id}/")
    assert b"press-release.pdf (removed)" in entry.data
    with Session(engine) as session:
        actions = [event.action for event in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
        assert {"added_file", "removed_file"} <= set(actions)
        queued = session.exec(select(AuditEvent).where(AuditEvent.action == "queued_email")).one()
        assert queued.details["files"] == ["press-release.pdf"]


def test_an_email_whose_file_was_removed_is_not_sent_again_without_it(client, auth, engine, staff_campaign):
    campaign_id, maya_id, _, inbox = staff_campaign
    auth.login()
    upload(client, campaign_id, "lookbook.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with Session(engine) as session:
        file_id = session.exec(select(CampaignFile.id)).one()
    client.post(f"/mail/entries/{maya_id}/send", data={
        "mailbox_id": 1, "template_id": 0, "to_address": "maya@blog.example", "subject": "Autumn",
        "body": "Hi Maya", "attach": [file_id], "action": "send"})
    with Session(engine) as session:  # its sending failed; the file may go now
        row = session.exec(select(OutboxMessage)).one()
        row.status = "failed"
        session.add(row)
        session.commit()
        row_id = row.id
    assert b"Removed lookbook.png" in client.post(f"/campaigns/files/{file_id}/remove", follow_redirects=True).data
    client.post(f"/mail/queue/{row_id}/retry")
    assert send_due(engine, mail_settings()) == 0 and inbox.messages == []
    with Session(engine) as session:
        row = session.get(OutboxMessage, row_id)
        assert row.status == "failed" and "lookbook.png was removed" in row.last_error


def test_who_may_see_and_remove_a_file(app, client, auth, engine, users, staff_campaign):
    campaign_id, _, _, _ = staff_campaign
    with Session(engine) as session:
        colleague = create_user(session, "colleague@example.com", PASSWORD, "staff", name="Colleague")
        create_user(session, "outsider@example.com", PASSWORD, "staff", name="Outsider")
        session.flush()
        session.add(CampaignMember(campaign_id=campaign_id, user_id=colleague.id))
        session.commit()
    auth.login()
    upload(client, campaign_id, "prices.csv", "product,price\ngrinder,€120\n".encode())
    with Session(engine) as session:
        file_id = session.exec(select(CampaignFile.id)).one()
    auth.logout()
    auth.login("outsider@example.com")
    assert client.get(f"/campaigns/{campaign_id}/files").status_code == 403
    assert client.get(f"/campaigns/files/{file_id}").status_code == 403
    auth.logout()
    auth.login("colleague@example.com")
    assert client.get(f"/campaigns/files/{file_id}").data == "product,price\ngrinder,€120\n".encode()
    refused = client.post(f"/campaigns/files/{file_id}/remove", follow_redirects=True)
    assert b"Only the person who added a file, or a manager" in refused.data
    auth.logout()
    auth.login("manager@example.com")
    assert b"Removed prices.csv" in client.post(f"/campaigns/files/{file_id}/remove", follow_redirects=True).data
    with Session(engine) as session:
        assert session.exec(select(CampaignFile)).all() == []


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(client, auth, engine, staff_campaign):
    campaign_id, _, _, _ = staff_campaign
    auth.login()
    # The length the request declares is refused before its body is read.
    response = client.post(f"/campaigns/{campaign_id}/files", data=b"0" * (17 * 1024 * 1024),
                           content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413 and b"a request carries 16 MB at most" in response.data
    over_file_limit = upload(client, campaign_id, "brochure.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024))
    assert over_file_limit.status_code == 400 and b"is over 10.0 MB, the most a file may be" in over_file_limit.data
    with Session(engine) as session:
        assert session.exec(select(CampaignFile)).all() == []
