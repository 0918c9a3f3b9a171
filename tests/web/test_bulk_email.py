"""One template emailed to the checked cards of a board: a preview of each email and of what stops
some, then queued through the single pitch's guards; sent by the outbox to a real SMTP server."""

from __future__ import annotations

from sqlmodel import Session, select

from outreach.core.campaign_files import add_file
from outreach.core.mail.outbox import send_due
from outreach.core.models import AuditEvent, Blogger, OutboxMessage, PitchTemplate, User
from tests.factories import make_blogger
from tests.mail_factories import KEY, entries_with_addresses, mail_settings, make_mailbox


def board_with_template(engine, users, smtp_port):
    """Four cards: Maya and Leo with addresses, Ines without one, Ola on the do-not-contact list."""
    from outreach.core.pipeline import add_blogger_to_campaign

    with Session(engine) as session:
        manager = session.get(User, users["manager"][0])
        make_mailbox(session, manager, smtp_port=smtp_port)
        campaign, entries = entries_with_addresses(session, manager, names=("Maya Pour", "Leo Trail", "Ola Nord"))
        ines = add_blogger_to_campaign(session, manager, campaign, make_blogger(session, "Ines Vale", slug="ines").id)
        session.get(Blogger, entries[2].blogger_id).do_not_contact = True
        template = PitchTemplate(name="Intro", subject="Hello {{ first_name }}", body="Hi {{ first_name }}, from {{ brand }}.")
        session.add(template)
        session.commit()
        return campaign.id, [entry.id for entry in entries] + [ines.id], template.id


def test_preview_then_queue_a_template_to_the_checked_cards(app, client, auth, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    app.config["MAIL_KEY"] = KEY
    campaign_id, (maya, leo, ola, ines), template_id = board_with_template(engine, users, controller.port)
    auth.login("manager@example.com")
    assert b"Preview emails" in client.get(f"/campaigns/{campaign_id}/").data
    checked = [f"{entry_id}:" for entry_id in (maya, leo, ola, ines)]
    preview = client.post(f"/campaigns/{campaign_id}/bulk", data={"action": "email", "template_id": template_id,
                                                                  "entry": checked})
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and '<strong id="ready-count">2</strong>' in page
    assert "Hello Maya" in page and "Hi Leo, from Northbrew." in page
    assert "no working email address is known for them" in page and "do-not-contact" in page
    assert 'id="opt-out-hint"' not in page  # no app address (OUTREACH_BASE_URL): the emails carry no opt-out link
    app.config["BASE_URL"] = "https://outreach.example"
    again = client.post(f"/campaigns/{campaign_id}/bulk", data={"action": "email", "template_id": template_id,
                                                                "entry": checked}).get_data(as_text=True)
    assert "mail app shows an Unsubscribe button beside each email" in again
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage)).all() == []  # a preview queues nothing
    queued = client.post(f"/campaigns/{campaign_id}/bulk/email", data={
        "action": "email", "template_id": template_id, "mailbox_id": 1, "entry": [str(maya), str(leo)]})
    assert queued.status_code == 200 and "Queued an email to 2 items." in queued.get_data(as_text=True)
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [(row.to_address, row.subject) for row in rows] == [("maya@blog.example", "Hello Maya"),
                                                                   ("leo@blog.example", "Hello Leo")]
        assert {row.template_id for row in rows} == {template_id}
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "bulk_email")).one().details["queued"] == 2
    assert send_due(engine, mail_settings()) == 2
    assert sorted(recipients[0] for recipients, _ in inbox.messages) == ["leo@blog.example", "maya@blog.example"]
    again = client.post(f"/campaigns/{campaign_id}/bulk/email", data={
        "action": "email", "template_id": template_id, "mailbox_id": 1, "entry": [str(maya)]})
    assert "was pitched 0 days ago" in again.get_data(as_text=True)  # the recent-pitch guard holds in bulk too


def test_bulk_email_needs_a_template_a_mailbox_and_the_campaign(app, client, auth, engine, users, mail_smtp):
    controller, _ = mail_smtp
    app.config["MAIL_KEY"] = KEY
    campaign_id, (maya, *_), template_id = board_with_template(engine, users, controller.port)
    auth.login("manager@example.com")
    no_template = client.post(f"/campaigns/{campaign_id}/bulk", data={"action": "email", "entry": [f"{maya}:"]})
    assert no_template.status_code == 400 and b"Choose the template to email." in no_template.data
    client.post("/logout")
    auth.login("staff@example.com")  # not a member of the campaign
    refused = client.post(f"/campaigns/{campaign_id}/bulk", data={"action": "email", "template_id": template_id,
                                                                 "entry": [f"{maya}:"]})
    assert refused.status_code in (403, 404)
    client.post("/logout")
    auth.login("admin@example.com")  # may open the campaign, but has no mailbox of their own or the team's
    no_mailbox = client.post(f"/campaigns/{campaign_id}/bulk", data={"action": "email", "template_id": template_id,
                                                                    "entry": [f"{maya}:"]})
    assert no_mailbox.status_code == 400 and b"Connect a mailbox under Mail first" in no_mailbox.data


def test_bulk_email_timed_for_later_waits_and_a_bad_time_is_said_once(app, client, auth, engine, users, mail_smtp):
    from datetime import timedelta

    from outreach.core.models import utcnow

    controller, inbox = mail_smtp
    app.config["MAIL_KEY"] = KEY
    campaign_id, (maya, leo, *_), template_id = board_with_template(engine, users, controller.port)
    auth.login("manager@example.com")
    base = {"action": "email", "template_id": template_id, "mailbox_id": 1, "entry": [str(maya), str(leo)]}
    garbled = client.post(f"/campaigns/{campaign_id}/bulk/email", data={**base, "send_at": "next week"})
    assert "Send at is not a date and time" in garbled.get_data(as_text=True)
    past = client.post(f"/campaigns/{campaign_id}/bulk/email", data={**base, "send_at": "2020-01-01T09:00"})
    page = past.get_data(as_text=True)
    assert page.count("Pick a time to send from now to") == 1
    when = (utcnow() + timedelta(days=3)).replace(second=0, microsecond=0)
    queued = client.post(f"/campaigns/{campaign_id}/bulk/email", data={**base, "send_at": f"{when:%Y-%m-%dT%H:%M}"})
    assert "Queued an email to 2 items." in queued.get_data(as_text=True)
    with Session(engine) as session:
        assert {row.send_after for row in session.exec(select(OutboxMessage))} == {when}
    assert send_due(engine, mail_settings()) == 0 and inbox.messages == []
    assert send_due(engine, mail_settings(), now=when) == 2


def test_a_batch_s_time_is_read_on_the_sender_s_clock(app, client, auth, engine, users, mail_smtp):
    from datetime import timedelta, timezone
    from zoneinfo import ZoneInfo

    from outreach.core.models import utcnow

    controller, _ = mail_smtp
    app.config["MAIL_KEY"] = KEY
    campaign_id, (maya, leo, *_), template_id = board_with_template(engine, users, controller.port)
    auth.login("manager@example.com")
    client.post("/account/time-zone", data={"time_zone": "Europe/Helsinki"})
    preview = client.post(f"/campaigns/{campaign_id}/bulk", data={"action": "email", "template_id": template_id,
                                                                   "entry": [f"{maya}:", f"{leo}:"]})
    assert "Send at (Europe/Helsinki)" in preview.get_data(as_text=True)
    wall = (utcnow() + timedelta(days=3)).astimezone(ZoneInfo("Europe/Helsinki")).replace(
        hour=10, minute=0, second=0, microsecond=0)
    base = {"action": "email", "template_id": template_id, "mailbox_id": 1, "entry": [str(maya), str(leo)]}
    client.post(f"/campaigns/{campaign_id}/bulk/email", data={**base, "send_at": f"{wall:%Y-%m-%dT%H:%M}"})
    with Session(engine) as session:
        assert {row.send_after for row in session.exec(select(OutboxMessage))} == {wall.astimezone(timezone.utc)}


def test_a_batch_attaches_the_campaign_s_files_to_every_email(app, client, auth, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    app.config["MAIL_KEY"] = KEY
    campaign_id, (maya, leo, _, _), template_id = board_with_template(engine, users, controller.port)
    with Session(engine) as session:
        release = add_file(session, session.get(User, users["manager"][0]), campaign_id, "release.txt", b"Launch day")
        session.commit()
        file_id = release.id
    auth.login("manager@example.com")
    preview = client.post(f"/campaigns/{campaign_id}/bulk", data={
        "action": "email", "template_id": template_id, "entry": [f"{maya}:", f"{leo}:"]}).get_data(as_text=True)
    assert f'name="attach" value="{file_id}"' in preview and "release.txt (1 KB)" in preview
    form = {"action": "email", "template_id": template_id, "mailbox_id": 1, "entry": [str(maya), str(leo)]}
    stale = client.post(f"/campaigns/{campaign_id}/bulk/email", data={**form, "attach": [str(file_id + 1)]})
    assert "no longer in the campaign" in stale.get_data(as_text=True)
    queued = client.post(f"/campaigns/{campaign_id}/bulk/email", data={**form, "attach": [str(file_id)]})
    assert "Queued an email to 2 items." in queued.get_data(as_text=True)
    assert send_due(engine, mail_settings()) == 2
    assert all(b'filename="release.txt"' in raw and b"TGF1bmNoIGRheQ==" in raw for raw in inbox.raw)
    with Session(engine) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "bulk_email")).one().details["files"] == [file_id]
