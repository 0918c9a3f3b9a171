"""Blocked domains on the do-not-contact page: anyone on the team adds one, a bad one comes back
with the reason and nothing lost, only an admin removes one; the send page refuses an address at one."""

from __future__ import annotations

from sqlmodel import Session, select

from outreach.core.models import BlockedDomain, OutboxMessage
from tests.local_mail import free_port
from tests.mail_factories import KEY, sender_and_entry


def test_anyone_blocks_a_domain_and_only_an_admin_unblocks_it(client, auth, users, session):
    auth.login("staff@example.com")
    page = client.get("/do-not-contact")
    assert page.status_code == 200 and b"No domain is blocked." in page.data
    added = client.post("/do-not-contact/domains", data={"domain": "https://www.Rival.example/blog",
                                                          "domain_reason": "Owned by a competitor"},
                        follow_redirects=True)
    text = added.get_data(as_text=True)
    assert "No email from the app goes to an address at rival.example" in text
    assert "<td>rival.example</td>" in text and "Owned by a competitor" in text
    for bad, why in (("not a domain", "is not a domain"), ("rival.example", "rival.example is blocked already"),
                     ("", "This field is required")):
        response = client.post("/do-not-contact/domains", data={"domain": bad, "domain_reason": "kept"})
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and why in page
        assert 'value="kept"' in page and "<td>rival.example</td>" in page  # what was typed, and the list
    assert client.post("/do-not-contact/domains/rival.example/remove").status_code == 403
    auth.logout()
    auth.login("admin@example.com")
    assert b"rival.example is no longer blocked" in client.post("/do-not-contact/domains/rival.example/remove",
                                                                follow_redirects=True).data
    assert b"is not on the list" in client.post("/do-not-contact/domains/rival.example/remove",
                                                follow_redirects=True).data
    assert session.exec(select(BlockedDomain)).all() == []


def test_the_send_page_refuses_an_address_at_a_blocked_domain(app, client, auth, users, engine):
    app.config["MAIL_KEY"] = KEY
    entry_id = sender_and_entry(engine, users["staff"][0], free_port())
    auth.login()
    client.post("/do-not-contact/domains", data={"domain": "blog.example", "domain_reason": "the brand's request"})
    response = client.post(f"/mail/entries/{entry_id}/send", data={
        "mailbox_id": 1, "template_id": 0, "to_address": "maya@blog.example", "subject": "A grinder",
        "body": "Hi Maya", "action": "send"})
    page = response.get_data(as_text=True)
    assert "blog.example is on the team&#39;s blocked domains (the brand&#39;s request)" in page
    assert "maya@blog.example (blocked domain)" in page
    assert "Hi Maya" in page  # what was written is still there
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage)).all() == []
