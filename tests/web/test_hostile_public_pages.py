"""The pages anyone may reach signed out (the second step of signing in, a forgotten password, an
emailed link, a calendar feed) against hostile input: a clear answer, never a server error."""

from __future__ import annotations

import pytest

from outreach.core.models import User
from outreach.core.two_step import new_secret, turn_on
from tests.conftest import PASSWORD

HOSTILE = ["", " ", "\x00", "<script>alert(1)</script>", "x" * 10_000, "é" * 50, "%00", "../../etc/passwd",
           "12345678901234567890", "-1", "1e999", "null", "[]", "{}"]


@pytest.fixture
def pending(app, users, session):
    """A browser that gave a two-step account's password and owes the code."""
    import pyotp

    staff = session.get(User, users["staff"][0])
    secret = new_secret()
    turn_on(session, staff, secret, pyotp.TOTP(secret).now(), key=app.config["SECRET_KEY"])
    session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    return client


@pytest.mark.parametrize("value", HOSTILE)
def test_the_code_page_refuses_hostile_codes_clearly(pending, value):
    response = pending.post("/login/code", data={"code": value})
    assert response.status_code in (400, 429), response.status_code
    assert b"<script>alert(1)</script>" not in response.data


@pytest.mark.parametrize("value", HOSTILE)
def test_the_forgot_and_link_pages_refuse_hostile_input_clearly(app, client, users, value):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=9, BASE_URL="https://outreach.example.com")
    forgot = client.post("/login/forgot", data={"email": value})
    assert forgot.status_code in (302, 400, 429), forgot.status_code
    for path in ("/login/reset/", "/login/welcome/", "/follow-ups/calendar/"):
        token = value.replace("/", "") or "x"
        response = client.get(path + token + (".ics" if "calendar" in path else ""))
        assert response.status_code in (302, 404), (path, response.status_code)
        posted = client.post(path + token, data={"new": value, "again": value})
        assert posted.status_code in (302, 404, 405), (path, posted.status_code)
