"""Pitch approval on the pages and through the API: a manager asks for it on the campaign, a staff
member's pitch from the send page waits, the manager approves or sends it back from the queue or
the API; staff cannot approve."""

from __future__ import annotations

from sqlmodel import Session, select

from outreach.core.models import Campaign, CampaignMember, Notification, OutboxMessage
from tests.local_mail import free_port
from tests.mail_factories import KEY, sender_and_entry


def campaign_needing_approval(app, engine, users) -> int:
    app.config["MAIL_KEY"] = KEY
    entry_id = sender_and_entry(engine, users["staff"][0], free_port())
    with Session(engine) as session:
        campaign = session.exec(select(Campaign)).one()
        campaign.pitches_need_approval = True
        session.add(CampaignMember(campaign_id=campaign.id, user_id=users["manager"][0]))
        session.commit()
    return entry_id


def send_from_the_page(client, entry_id: int):
    return client.post(f"/mail/entries/{entry_id}/send", follow_redirects=True, data={
        "mailbox_id": 1, "template_id": 0, "to_address": "maya@blog.example", "subject": "A grinder",
        "body": "Hi Maya", "action": "send"})


def test_a_manager_asks_for_approval_on_the_campaign_form(client, auth, engine, users):
    with Session(engine) as session:
        from tests.factories import make_campaign_with_entries

        campaign, _ = make_campaign_with_entries(session, users["manager"][0])
        campaign_id = campaign.id
    auth.login("manager@example.com")
    client.post(f"/campaigns/{campaign_id}/edit", data={"name": "Autumn launch", "coverage_stage_kind": "covered",
                                                        "member_ids": [users["manager"][0]],
                                                        "pitches_need_approval": "y"})
    with Session(engine) as session:
        assert session.get(Campaign, campaign_id).pitches_need_approval


def test_staff_pitch_waits_and_a_manager_approves_it_from_the_queue(app, client, auth, engine, users):
    entry_id = campaign_needing_approval(app, engine, users)
    auth.login("staff@example.com")
    sent = send_from_the_page(client, entry_id).get_data(as_text=True)
    assert "Waiting for a manager&#39;s approval" in sent and "awaiting approval" in sent
    queue = client.get("/mail/queue").get_data(as_text=True)
    assert "awaiting approval" in queue and "Approve</button>" not in queue  # staff see it, cannot approve
    with Session(engine) as session:
        row_id = session.exec(select(OutboxMessage.id)).one()
    refused = client.post(f"/mail/queue/{row_id}/approval", data={"decision": "approve"}, follow_redirects=True)
    assert "Only a manager or an admin approves pitches." in refused.get_data(as_text=True)
    auth.logout()
    auth.login("manager@example.com")
    home = client.get("/").get_data(as_text=True)
    assert 'data-testid="approvals"' in home and "to maya@blog.example" in home
    with Session(engine) as session:
        [note] = session.exec(select(Notification).where(Notification.user_id == users["manager"][0])).all()
        assert note.title == "Autumn launch: a pitch waits for your approval, from Staff" and note.url == "/mail/queue"
    assert "Say what to change" in client.post(f"/mail/queue/{row_id}/approval", follow_redirects=True,
                                               data={"decision": "send_back", "note": ""}).get_data(as_text=True)
    bad = client.post(f"/mail/queue/{row_id}/approval", data={"decision": "nonsense"}, follow_redirects=True)
    assert "Approve the pitch or send it back." in bad.get_data(as_text=True)
    approved = client.post(f"/mail/queue/{row_id}/approval", data={"decision": "approve"}, follow_redirects=True)
    assert "Approved: it goes out within the mailbox&#39;s hours." in approved.get_data(as_text=True)
    with Session(engine) as session:
        assert session.get(OutboxMessage, row_id).status == "queued"


def test_staff_batch_email_says_its_pitches_will_wait_then_they_do(app, client, auth, engine, users):
    from outreach.core.models import PitchTemplate

    entry_id = campaign_needing_approval(app, engine, users)
    with Session(engine) as session:
        template = PitchTemplate(name="Intro", subject="Hello {{ first_name }}", body="Hi {{ first_name }}.")
        session.add(template)
        session.commit()
        template_id, campaign_id = template.id, session.exec(select(Campaign.id)).one()
    auth.login("staff@example.com")
    preview = client.post(f"/campaigns/{campaign_id}/bulk", data={"action": "email", "template_id": template_id,
                                                                  "entry": [f"{entry_id}:"]})
    assert 'data-testid="approval-hint"' in preview.get_data(as_text=True)
    client.post(f"/campaigns/{campaign_id}/bulk/email", data={"action": "email", "template_id": template_id,
                                                              "mailbox_id": 1, "entry": [str(entry_id)]})
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage.status)).all() == ["awaiting_approval"]
        assert session.exec(select(Notification.title).where(Notification.user_id == users["manager"][0])).all() == [
            "Autumn launch: a pitch waits for your approval, from Staff"]
