"""Two-step sign-in through the pages: setting it up, signing in with a code or a recovery code,
turning it off, an admin's reset, and a team that requires it."""

from __future__ import annotations

import time

import pyotp
from sqlmodel import select

from outreach.core.models import AuditEvent, User
from outreach.core.two_step import new_secret, turn_on, unseal
from outreach.web.auth.views import PENDING
from tests.conftest import PASSWORD


def signed_in(app, email="staff@example.com"):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def with_two_step(session, users, role="staff"):
    """Turn it on for the user directly, sealed under the test app's secret key; returns their
    secret and recovery codes."""
    user = session.get(User, users[role][0])
    secret = new_secret()
    codes = turn_on(session, user, secret, pyotp.TOTP(secret).at(time.time() - 60), now=time.time() - 60,
                    key="test secret key")
    session.commit()
    return secret, codes


def actions(session, action):
    session.expire_all()
    return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_setting_it_up_shows_the_key_then_ten_recovery_codes_and_ends_other_sessions(app, users, session):
    client, other_device = signed_in(app), signed_in(app)
    assert b"Off" in client.get("/account/two-step").data
    page = client.get("/account/two-step/setup")
    assert page.status_code == 200 and b'src="data:image/svg+xml' in page.data
    with client.session_transaction() as cookie:
        secret = cookie["two_step_setup"]
    assert " ".join(secret[i:i + 4] for i in range(0, 32, 4)).encode() in page.data  # the key to type by hand
    code = pyotp.TOTP(secret).now()
    wrong_password = client.post("/account/two-step/setup", data={"code": code, "password": "not mine at all"})
    assert wrong_password.status_code == 400 and b"That is not your password." in wrong_password.data
    wrong_code = client.post("/account/two-step/setup", data={"code": "000000" if code != "000000" else "111111",
                                                              "password": PASSWORD})
    assert wrong_code.status_code == 400 and b"That code does not match" in wrong_code.data
    done = client.post("/account/two-step/setup", data={"code": code, "password": PASSWORD})
    assert done.status_code == 200 and done.data.count(b'data-testid="recovery-code"') == 10
    session.expire_all()
    stored = session.get(User, users["staff"][0]).two_step_secret
    assert stored.startswith("sealed:") and secret not in stored  # a copy of the database does not give it
    assert unseal(app.config["SECRET_KEY"], stored) == secret and unseal("another key", stored) is None
    assert client.get("/").status_code == 200  # this session goes on
    assert other_device.get("/").status_code == 302  # one opened with the password alone ends
    assert len(actions(session, "turned_on_two_step")) == 1
    assert client.get("/account/two-step/setup").status_code == 302  # already on


def test_signing_in_asks_for_the_code_after_the_password_and_a_code_counts_once(app, users, session):
    secret, _ = with_two_step(session, users)
    client = app.test_client()
    response = client.post("/login?next=/campaigns", data={"email": "staff@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login/code")
    assert client.get("/").status_code == 302  # not signed in yet
    assert b"authenticator app" in client.get("/login/code").data
    wrong = client.post("/login/code", data={"code": "12"})
    assert wrong.status_code == 400 and b"That code is not right" in wrong.data
    code = pyotp.TOTP(secret).now()
    signed = client.post("/login/code", data={"code": code})
    assert signed.status_code == 302 and signed.headers["Location"] == "/campaigns"
    assert client.get("/").status_code == 200
    assert actions(session, "signed_in")[-1].details == {"second_step": "code"}
    client.post("/logout")
    client.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    replayed = client.post("/login/code", data={"code": code})  # seen over a shoulder: used already
    assert replayed.status_code == 400 and client.get("/").status_code == 302


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(app, users, session):
    _, codes = with_two_step(session, users)
    client = app.test_client()
    client.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    signed = client.post("/login/code", data={"code": codes[3].upper()}, follow_redirects=True)
    assert signed.status_code == 200 and b"9 are left" in signed.data
    client.post("/logout")
    client.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    assert client.post("/login/code", data={"code": codes[3]}).status_code == 400


def test_the_code_page_needs_a_password_given_minutes_ago(app, users, session):
    secret, _ = with_two_step(session, users)
    client = app.test_client()
    assert client.get("/login/code").headers["Location"].endswith("/login")  # no password given
    client.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    with client.session_transaction() as cookie:
        cookie[PENDING] = {**cookie[PENDING], "until": time.time() - 1}
    late = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert late.status_code == 302 and late.headers["Location"].endswith("/login")
    assert client.get("/").status_code == 302
    client.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    with client.session_transaction() as cookie:
        cookie[PENDING] = "not a pending sign-in"  # a cookie signed by us, of another shape
    assert client.get("/login/code").status_code == 302


def test_signing_out_everywhere_ends_a_half_finished_sign_in(app, users, session):
    secret, _ = with_two_step(session, users)
    client = app.test_client()
    client.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    admin = signed_in(app, "admin@example.com")
    assert admin.post(f"/admin/users/{users['staff'][0]}/sign-out").status_code == 302
    assert client.post("/login/code", data={"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_codes_are_throttled_like_wrong_passwords(app, users, session):
    with_two_step(session, users)
    client = app.test_client()
    client.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    statuses = [client.post("/login/code", data={"code": "000001"}).status_code for _ in range(6)]
    assert statuses[:5] == [400] * 5 and statuses[5] == 429
    assert actions(session, "sign_in_throttled")


def test_turning_it_off_needs_the_password_and_a_code(app, users, session):
    secret, codes = with_two_step(session, users)
    client = app.test_client()
    client.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    client.post("/login/code", data={"code": codes[0]})
    page = client.get("/account/two-step")
    assert b"On</strong>" in page.data and b'data-testid="codes-left">9<' in page.data
    refused = client.post("/account/two-step/off", data={"code": "000000", "password": PASSWORD},
                          follow_redirects=True)
    assert b"That code is not right" in refused.data
    no_password = client.post("/account/two-step/off", data={"code": codes[1], "password": "wrong one!"},
                              follow_redirects=True)
    assert b"needs your password and a code" in no_password.data
    new_codes = client.post("/account/two-step/recovery-codes", data={"password": PASSWORD})
    assert new_codes.data.count(b'data-testid="recovery-code"') == 10
    assert codes[1].encode() not in new_codes.data
    off = client.post("/account/two-step/off", data={"code": pyotp.TOTP(secret).now(), "password": PASSWORD},
                      follow_redirects=True)
    assert b"Two-step sign-in is off" in off.data
    session.expire_all()
    assert not session.get(User, users["staff"][0]).has_two_step
    assert [event.action for event in actions(session, "turned_off_two_step")] == ["turned_off_two_step"]


def test_an_admin_resets_a_lost_phone_and_staff_cannot(app, users, session):
    with_two_step(session, users)
    staff_id = users["staff"][0]
    assert signed_in(app, "manager@example.com").post(f"/admin/users/{staff_id}/two-step-off").status_code == 403
    admin = signed_in(app, "admin@example.com")
    listing = admin.get("/admin/users")
    assert b"Reset two-step sign-in of staff@example.com" in listing.data
    assert admin.post(f"/admin/users/{staff_id}/two-step-off").status_code == 302
    session.expire_all()
    assert not session.get(User, staff_id).has_two_step
    assert actions(session, "reset_two_step")[0].object_id == staff_id
    assert signed_in(app).get("/").status_code == 200  # the password alone again


def test_a_team_that_requires_it_sends_everyone_to_set_it_up_first(app, users, session):
    app.config["REQUIRE_TWO_STEP"] = True
    client = signed_in(app)
    blocked = client.get("/campaigns/")
    assert blocked.status_code == 302 and blocked.headers["Location"].endswith("/account/two-step/setup")
    assert client.get("/account/two-step/setup").status_code == 200
    with client.session_transaction() as cookie:
        secret = cookie["two_step_setup"]
    client.post("/account/two-step/setup", data={"code": pyotp.TOTP(secret).now(), "password": PASSWORD})
    assert client.get("/campaigns/").status_code == 200
    page = client.get("/account/two-step")
    assert b"cannot be turned off" in page.data
    refused = client.post("/account/two-step/off", data={"code": "000000", "password": PASSWORD}, follow_redirects=True)
    assert b"requires two-step sign-in" in refused.data
    assert client.post("/logout").status_code == 302
