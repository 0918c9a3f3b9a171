"""Asking a blogger for a sample's address: a private link made on the entry (shown once), opened
without an account, which fills the planned sample, notes what they add, and tells the team; a
stopped, expired or made-up link, or a sample sent since, answers 404."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import Session, select

from outreach.core.address_requests import ADDRESS_PATH, ask_for_address
from outreach.core.models import AuditEvent, Blogger, Campaign, Note, Notification, PipelineEntry, Sample, User, utcnow
from outreach.core.users import create_user
from tests.conftest import PASSWORD
from tests.factories import make_campaign_with_entries


def planned_sample(engine, users, item="Grinder") -> tuple[int, int]:
    """Maya's entry, owned by the staff member, with a planned sample: (entry id, sample id)."""
    with Session(engine) as session:
        _, (maya, _) = make_campaign_with_entries(session, users["staff"][0])
        maya.owner_id = users["staff"][0]
        sample = Sample(entry_id=maya.id, item=item, quantity=2, created_by_id=users["staff"][0])
        session.add_all([maya, sample])
        session.commit()
        return maya.id, sample.id


def ask(client, sample_id: int) -> str:
    page = client.post(f"/campaigns/samples/{sample_id}/ask-address").get_data(as_text=True)
    return re.search(r'data-testid="address-link">http://localhost(/campaigns/address/adr_[^<]+)<', page).group(1)


def test_a_blogger_gives_the_address_through_the_link_and_the_team_hears(client, auth, engine, users):
    entry_id, sample_id = planned_sample(engine, users)
    auth.login()
    link = ask(client, sample_id)
    with Session(engine) as session:
        stored = session.get(Sample, sample_id)
        assert stored.address_token_hash and link.rpartition("/")[2] not in stored.address_token_hash
    entry = client.get(f"/campaigns/entries/{entry_id}/").get_data(as_text=True)
    assert "A link is out since" in entry and "Stop the link" in entry
    auth.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Where should Northbrew send it?" in page.get_data(as_text=True)
    assert "2 × Grinder, for Maya Pour" in page.get_data(as_text=True)
    assert page.headers["X-Robots-Tag"] == "noindex, nofollow" and page.headers["Referrer-Policy"] == "no-referrer"
    empty = client.post(link, data={"name": "Maya", "address": "  "})
    assert empty.status_code == 400 and b"Write the address the parcel goes to." in empty.data
    done = client.post(link, data={"name": "Maya Pour", "address": "1 Bean Street\n10115 Berlin\nGermany",
                                   "note": "Black, please <script>alert(1)</script>"})
    assert done.status_code == 200 and b"Northbrew has your address" in done.data
    with Session(engine) as session:
        sample = session.get(Sample, sample_id)
        assert sample.shipping_address == "Maya Pour\n1 Bean Street\n10115 Berlin\nGermany" and sample.address_given_at
        note = session.exec(select(Note)).one()
        assert note.entry_id == entry_id and note.body.endswith("Black, please <script>alert(1)</script>")
        told = session.exec(select(Notification)).one()
        assert told.user_id == users["staff"][0] and told.title == "Maya Pour gave the address for Grinder"
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "gave_address")).one().user_id is None
    auth.login()
    entry = client.get(f"/campaigns/entries/{entry_id}/").get_data(as_text=True)
    assert "To: Maya Pour, 1 Bean Street, 10115 Berlin, Germany (given by them on" in entry
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry and "<script>alert(1)" not in entry
    client.post(f"/campaigns/samples/{sample_id}/status", data={"status": "sent"})
    auth.logout()
    assert client.get(link).status_code == 404  # the parcel left: nothing more to give


def test_a_link_asked_again_stopped_or_expired_opens_nothing(client, auth, engine, users):
    _, sample_id = planned_sample(engine, users)
    auth.login()
    first = ask(client, sample_id)
    second = ask(client, sample_id)
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    client.post(f"/campaigns/samples/{sample_id}/stop-asking")
    assert client.get(second).status_code == 404
    third = ask(client, sample_id)
    with Session(engine) as session:
        sample = session.get(Sample, sample_id)
        sample.address_asked_at = utcnow() - timedelta(days=31)
        session.add(sample)
        session.commit()
    assert client.get(third).status_code == 404
    fourth = ask(client, sample_id)
    with Session(engine) as session:
        campaign = session.get(Campaign, session.get(PipelineEntry, session.get(Sample, sample_id).entry_id).campaign_id)
        campaign.is_archived = True
        session.add(campaign)
        session.commit()
    assert client.get(fourth).status_code == 404  # an archived campaign is read-only, to the blogger too
    for made_up in ("adr_nothing", "otk_" + "x" * 30, "adr_" + "y" * 400):
        assert client.get(f"/campaigns/address/{made_up}").status_code == 404


def test_no_address_is_asked_of_a_blogger_on_the_do_not_contact_list_or_for_a_sent_sample(client, auth, engine, users):
    entry_id, sample_id = planned_sample(engine, users)
    with Session(engine) as session:
        blogger_id = session.get(PipelineEntry, entry_id).blogger_id
        session.get(Blogger, blogger_id).do_not_contact = True
        session.commit()
    auth.login()
    refused = client.post(f"/campaigns/samples/{sample_id}/ask-address", follow_redirects=True)
    assert b"do-not-contact" in refused.data
    with Session(engine) as session:
        assert session.get(Sample, sample_id).address_token_hash == ""
        session.get(Blogger, blogger_id).do_not_contact = False
        sample = session.get(Sample, sample_id)
        sample.status = "sent"
        session.add(sample)
        session.commit()
    sent = client.post(f"/campaigns/samples/{sample_id}/ask-address", follow_redirects=True)
    assert b"This sample is sent: its address is no longer asked for." in sent.data
    auth.logout()
    with Session(engine) as session:
        create_user(session, "outsider@example.com", PASSWORD, "staff", name="Outsider")
        session.commit()
    auth.login("outsider@example.com")
    assert client.post(f"/campaigns/samples/{sample_id}/ask-address").status_code == 403


def test_an_email_s_address_link_is_made_as_it_goes(app, client, auth, engine, users, mail_smtp):
    from outreach.core.mail.outbox import send_due
    from outreach.core.models import OutboxMessage
    from tests.mail_factories import KEY, entries_with_addresses, mail_settings, make_mailbox

    app.config["MAIL_KEY"] = KEY
    controller, inbox = mail_smtp
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        make_mailbox(session, staff, smtp_port=controller.port)
        _, (maya, leo) = entries_with_addresses(session, staff)
        maya_id, leo_id = maya.id, leo.id
    auth.login()
    form = {"mailbox_id": 1, "template_id": 0, "to_address": "maya@blog.example", "subject": "A grinder for you",
            "body": "Hi Maya, where should it go? {{ address_link }}", "action": "send"}
    preview = client.post(f"/mail/entries/{maya_id}/send", data={**form, "action": "preview"}).get_data(as_text=True)
    assert "Not filled" not in preview and "becomes a private link" in preview  # the sending fills it
    refused = client.post(f"/mail/entries/{maya_id}/send", data=form)
    assert refused.status_code == 400 and b"none is planned: record the sample first" in refused.data
    with Session(engine) as session:
        session.add(Sample(entry_id=maya_id, item="Grinder", created_by_id=users["staff"][0]))
        session.commit()
    page = client.get(f"/mail/entries/{maya_id}/send").get_data(as_text=True)
    assert "Their Grinder has no address yet: write <code>{{ address_link }}</code>" in page
    assert b"Queued" in client.post(f"/mail/entries/{maya_id}/send", data=form, follow_redirects=True).data
    assert send_due(engine, mail_settings(BASE_URL="https://outreach.example")) == 1
    body = inbox.messages[0][1].get_payload(decode=True).decode()
    link = re.search(r"https://outreach\.example(/campaigns/address/adr_\S+)", body).group(1)
    auth.logout()
    assert "Where should Northbrew send it?" in client.get(link).get_data(as_text=True)
    with Session(engine) as session:  # the thread keeps what went, link and all
        assert "https://outreach.example/campaigns/address/adr_" in session.exec(select(OutboxMessage)).one().body
        session.add(Sample(entry_id=leo_id, item="Kettle", created_by_id=users["staff"][0]))
        session.commit()
    auth.login()
    client.post(f"/mail/entries/{leo_id}/send", data={**form, "to_address": "leo@blog.example"})
    assert send_due(engine, mail_settings()) == 0  # no public address for the link: not sent, and said why
    with Session(engine) as session:
        failed = session.exec(select(OutboxMessage).where(OutboxMessage.entry_id == leo_id)).one()
        assert failed.status == "failed" and "OUTREACH_BASE_URL" in failed.last_error
    assert url_for_address(app) == ADDRESS_PATH


def url_for_address(app) -> str:
    """The path the core's links use is the web's route."""
    from flask import url_for

    with app.test_request_context():
        return url_for("campaigns.give_address_page", token="x")[:-1]


def test_a_second_email_with_the_address_link_gives_the_same_link_and_the_first_still_works(client, engine, users,
                                                                                             mail_smtp):
    from outreach.core.mail.outbox import send_due
    from outreach.core.mail.pitching import add_to_outbox
    from outreach.core.models import Mailbox
    from tests.mail_factories import entries_with_addresses, mail_settings, make_mailbox

    controller, inbox = mail_smtp
    settings = mail_settings(BASE_URL="https://outreach.example", SECRET_KEY="the app's key")
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        mailbox = make_mailbox(session, staff, smtp_port=controller.port)
        _, (maya, _) = entries_with_addresses(session, staff)
        session.add(Sample(entry_id=maya.id, item="Grinder", created_by_id=staff.id))
        for subject in ("A grinder for you", "Re: A grinder for you"):
            add_to_outbox(session, staff, maya, mailbox, to_address="maya@blog.example", subject=subject,
                          body="Where should it go? {{ address_link }}", send_at=None, template_id=None,
                          action="queued_email")
        session.commit()
        maya_id, mailbox_id = maya.id, mailbox.id
    assert send_due(engine, settings) == 2
    links = [re.search(r"https://outreach\.example(/campaigns/address/adr_\S+)",
                       message.get_payload(decode=True).decode()).group(1) for _, message in inbox.messages]
    assert links[0] == links[1]
    assert "Where should Northbrew send it?" in client.get(links[0]).get_data(as_text=True)
    with Session(engine) as session:  # asked again on the page: the emails' link stops, the next email gives the new one
        staff = session.get(User, users["staff"][0])
        token = ask_for_address(session, staff, session.exec(select(Sample)).one(), "the app's key")
        add_to_outbox(session, staff, session.get(PipelineEntry, maya_id), session.get(Mailbox, mailbox_id),
                      to_address="maya@blog.example",
                      subject="Re: A grinder for you", body="Here: {{ address_link }}", send_at=None, template_id=None,
                      action="queued_email")
        session.commit()
    assert client.get(links[0]).status_code == 404
    assert send_due(engine, settings) == 1
    assert f"https://outreach.example{ADDRESS_PATH}{token}" in inbox.messages[-1][1].get_payload(decode=True).decode()
