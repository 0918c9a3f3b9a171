"""Ending sessions: sign-out, a new password and an admin's "sign out everywhere" end every
session and remember cookie of the user, copies included."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from sqlmodel import select

from outreach.core.models import AuditEvent, User
from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new passphrase"


def signed_in(app, email="staff@example.com", password=PASSWORD, remember=False):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password, "remember": "y" if remember else ""})
    assert response.status_code == 302
    return client


def copy_of(app, client, *names):
    """Another browser holding copies of these cookies (a stolen or forgotten one)."""
    other = app.test_client()
    for name in names:
        other.set_cookie(name, client.get_cookie(name).value)
    return other


def can_open_pages(client) -> bool:
    return client.get("/").status_code == 200


def test_a_session_cookie_copied_before_sign_out_stops_working(app, users):
    client = signed_in(app)
    copy = copy_of(app, client, "session")
    assert can_open_pages(copy)
    client.post("/logout")
    assert not can_open_pages(copy) and not can_open_pages(client)


def test_sign_out_ends_the_remember_cookie_too(app, users):
    client = signed_in(app, remember=True)
    remembered = copy_of(app, client, "remember_token")  # no session: only "keep me signed in"
    assert can_open_pages(remembered)
    signed_in(app).post("/logout")  # signing out on another device ends this one as well
    assert not can_open_pages(copy_of(app, client, "remember_token"))


def test_the_remember_cookie_is_samesite_and_lasts_a_month(app, users):
    response = app.test_client().post("/login", data={"email": "staff@example.com", "password": PASSWORD,
                                                      "remember": "y"})
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("remember_token="))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    assert timedelta(days=29) < expires - datetime.now(timezone.utc) <= timedelta(days=30)


def test_changing_the_password_ends_every_other_session_and_keeps_this_one(app, users, session):
    client, elsewhere = signed_in(app), signed_in(app, remember=True)
    wrong = client.post("/account/password", data={"current": "not it at all", "new": NEW_PASSWORD,
                                                   "again": NEW_PASSWORD})
    assert wrong.status_code == 400 and b"That is not your current password." in wrong.data
    differ = client.post("/account/password", data={"current": PASSWORD, "new": NEW_PASSWORD, "again": "other"})
    assert differ.status_code == 400 and b"The two differ." in differ.data
    short = client.post("/account/password", data={"current": PASSWORD, "new": "short", "again": "short"})
    assert short.status_code == 400
    done = client.post("/account/password", data={"current": PASSWORD, "new": NEW_PASSWORD, "again": NEW_PASSWORD},
                       follow_redirects=True)
    assert b"Your password is changed" in done.data
    assert can_open_pages(client) and not can_open_pages(elsewhere)
    assert app.test_client().post("/login", data={"email": "staff@example.com",
                                                  "password": PASSWORD}).status_code == 400
    signed_in(app, password=NEW_PASSWORD)
    assert session.exec(select(AuditEvent.action).where(AuditEvent.action == "set_password")).all()


def test_an_admin_signs_a_user_out_everywhere(app, users, session):
    staff = signed_in(app, remember=True)
    admin = signed_in(app, "admin@example.com")
    staff_id = users["staff"][0]
    assert admin.post(f"/admin/users/{staff_id}/sign-out").status_code == 302
    assert not can_open_pages(staff) and can_open_pages(admin)
    assert signed_in(app).post(f"/admin/users/{users['admin'][0]}/sign-out").status_code == 403
    assert session.exec(select(AuditEvent.object_id).where(AuditEvent.action == "ended_sessions")).all() == [staff_id]


def test_set_password_from_the_command_line_ends_the_users_sessions(app, users, session):
    client = signed_in(app)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "set-password", "Staff@Example.com", "--password-stdin"],
                           input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert result.output == "New password set for staff@example.com; their sessions have ended.\n"
    assert not can_open_pages(client)
    signed_in(app, password=NEW_PASSWORD)
    unknown = runner.invoke(args=["users", "set-password", "nobody@example.com"], input=NEW_PASSWORD + "\n")
    assert (unknown.exit_code, unknown.output) == (1, "Error: no user with email nobody@example.com\n")
    short = runner.invoke(args=["users", "set-password", "staff@example.com"], input="short\n")
    assert short.output == "Error: the password must have at least 8 characters\n"
    session.expire_all()
    assert session.exec(select(User.session_generation).where(User.email == "staff@example.com")).one() == 1
