"""Asking a blogger for a sample's address: a private link made on the entry (shown once), opened
without an account, which fills the planned sample, notes what they add, and tells the team; a
stopped, expired or made-up link, or a sample sent since, answers 404."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import Session, select

from outreach.core.models import AuditEvent, Blogger, Campaign, Note, Notification, PipelineEntry, Sample, utcnow
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
