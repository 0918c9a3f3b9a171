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


@pytest.mark.parametrize("value", HOSTILE)
def test_the_address_page_refuses_hostile_links_and_fields_clearly(client, engine, users, value):
    from sqlmodel import Session

    from outreach.core.address_requests import ask_for_address
    from outreach.core.models import Sample
    from tests.web.test_address_requests import planned_sample

    token = value.replace("/", "").replace("\x00", "") or "x"
    assert client.get(f"/campaigns/address/{token}").status_code == 404
    assert client.post(f"/campaigns/address/adr_{token}", data={"address": value}).status_code == 404
    _, sample_id = planned_sample(engine, users)
    with Session(engine) as session:
        link = ask_for_address(session, session.get(User, users["staff"][0]), session.get(Sample, sample_id))
        session.commit()
    answered = client.post(f"/campaigns/address/{link}", data={"name": value, "address": value, "note": value})
    assert answered.status_code in (200, 400), answered.status_code
    assert b"<script>alert(1)</script>" not in answered.data
    with Session(engine) as session:
        kept = session.get(Sample, sample_id).shipping_address
        assert (answered.status_code == 200) == bool(kept) and "\x00" not in kept
