"""Choosing a password by an emailed link, through the pages and a real SMTP server on 127.0.0.1:
"Forgot your password?", and an admin's invitation."""

from __future__ import annotations

import re
import time

from sqlmodel import select

from outreach.core.models import AuditEvent, User
from tests.conftest import PASSWORD
from tests.local_mail import smtp_config

NEW_PASSWORD = "a fresh passphrase"
BASE = "https://outreach.example.com"


def with_mail(app, controller):
    app.config.update(smtp_config(controller), BASE_URL=BASE)


def mail_to(inbox, address, count=1, wait=5.0):
    """The bodies of the messages sent to `address`, once `count` have come (sent beside the answer)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        found = [message for recipients, message in inbox.messages if address in recipients]
        if len(found) >= count:
            return [message.get_payload(decode=True).decode() for message in found]
        time.sleep(0.05)
    raise AssertionError(f"{count} messages to {address} did not come: {len(inbox.messages)} in the inbox")


def link_in(body: str) -> str:
    return re.search(re.escape(BASE) + r"(/login/\S+)", body).group(1)


def test_a_forgotten_password_is_chosen_again_from_the_emailed_link_once(app, client, users, session, smtp_server):
    controller, inbox = smtp_server
    with_mail(app, controller)
    other_device = app.test_client()
    other_device.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    assert b"Forgot your password?" in client.get("/login").data
    asked = client.post("/login/forgot", data={"email": "Staff@Example.com"}, follow_redirects=True)
    assert b"an email with a link to choose a new password is on its way" in asked.data
    [body] = mail_to(inbox, "staff@example.com")
    assert "within an hour" in body and "ignore this email" in body
    link = link_in(body)
    page = client.get(link)
    assert page.status_code == 200 and b"staff@example.com" in page.data
    differ = client.post(link, data={"new": NEW_PASSWORD, "again": "something else"})
    assert differ.status_code == 400 and b"The two differ." in differ.data
    done = client.post(link, data={"new": NEW_PASSWORD, "again": NEW_PASSWORD}, follow_redirects=True)
    assert b"Your password is set. Sign in with it." in done.data
    assert other_device.get("/").status_code == 302  # the sessions of the old password end
    spent = client.get(link, follow_redirects=True)
    assert b"expired or was used already" in spent.data  # a link works once
    assert b"Wrong email or password." in client.post("/login", data={"email": "staff@example.com",
                                                                      "password": PASSWORD}).data
    assert client.post("/login", data={"email": "staff@example.com", "password": NEW_PASSWORD}).status_code == 302
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.object_id == users["staff"][0])).all()
    assert {"asked_password_reset", "reset_password"} <= set(actions)


def test_an_unknown_address_gets_the_same_answer_and_no_email(app, client, users, smtp_server):
    controller, inbox = smtp_server
    with_mail(app, controller)
    asked = client.post("/login/forgot", data={"email": "nobody@example.com"}, follow_redirects=True)
    assert b"an email with a link to choose a new password is on its way" in asked.data
    client.post("/login/forgot", data={"email": "staff@example.com"})
    mail_to(inbox, "staff@example.com")
    assert all("nobody@example.com" not in recipients for recipients, _ in inbox.messages)


def test_links_are_refused_when_forged_or_of_the_other_kind(app, client, users, smtp_server):
    controller, inbox = smtp_server
    with_mail(app, controller)
    client.post("/login/forgot", data={"email": "staff@example.com"})
    token = link_in(mail_to(inbox, "staff@example.com")[0]).rsplit("/", 1)[1]
    for forged in (f"/login/reset/{token[:-2]}xx", f"/login/welcome/{token}", "/login/reset/%00%3Cb%3E"):
        response = client.get(forged)
        assert response.status_code == 302, forged
    assert client.get(f"/login/reset/{token}").status_code == 200


def test_reset_emails_are_limited_per_account(app, client, users, smtp_server):
    controller, inbox = smtp_server
    with_mail(app, controller)
    statuses = [client.post("/login/forgot", data={"email": "staff@example.com"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(mail_to(inbox, "staff@example.com", count=3)) == 3


def test_without_mail_the_page_says_to_ask_an_admin(client, users):
    page = client.get("/login/forgot")
    assert page.status_code == 200 and b"This installation sends no email" in page.data
    assert client.post("/login/forgot", data={"email": "staff@example.com"}).status_code == 200


def test_an_admin_invites_a_colleague_who_chooses_their_password(app, client, auth, users, session, smtp_server):
    controller, inbox = smtp_server
    auth.login("admin@example.com")
    refused = client.post("/admin/users", data={"email": "ana@example.com", "role": "staff", "invite": "y"})
    assert refused.status_code == 400 and b"Invitations need a mail server" in refused.data
    assert client.post("/admin/users", data={"email": "ana@example.com", "role": "staff"}).status_code == 400
    with_mail(app, controller)
    added = client.post("/admin/users", data={"email": "ana@example.com", "name": "Ana", "role": "manager",
                                              "invite": "y"}, follow_redirects=True)
    assert b"Invited manager ana@example.com" in added.data
    assert b"Send ana@example.com the invitation again" in added.data
    [body] = mail_to(inbox, "ana@example.com")
    assert "Admin invited you to Outreach" in body and "as manager" in body and "7 days" in body
    link = link_in(body)
    assert link.startswith("/login/welcome/")
    invited = app.test_client()
    assert b"Welcome to Outreach" in invited.get(link).data
    invited.post(link, data={"new": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert invited.post("/login", data={"email": "ana@example.com", "password": NEW_PASSWORD}).status_code == 302
    assert invited.get("/").status_code == 200
    session.expire_all()
    ana = session.exec(select(User).where(User.email == "ana@example.com")).one()
    assert ana.role == "manager" and ana.last_login_at is not None
    again = client.post(f"/admin/users/{ana.id}/invite", follow_redirects=True)
    assert b"has signed in already" in again.data


def test_an_invitation_that_cannot_be_sent_says_so_and_keeps_the_user(app, client, auth, users, session):
    from tests.local_mail import free_port

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_STARTTLS=False, BASE_URL=BASE)
    auth.login("admin@example.com")
    added = client.post("/admin/users", data={"email": "leo@example.com", "role": "staff", "invite": "y"},
                        follow_redirects=True)
    assert b"but the invitation was not sent" in added.data and b"Send it again from the list" in added.data
    assert session.exec(select(User).where(User.email == "leo@example.com")).one().last_login_at is None
