"""Sign-in: login, logout, every page behind it, CSRF, safe redirects."""

from __future__ import annotations

import re

import pytest

from outreach import create_app
from tests.conftest import PASSWORD


def test_home_redirects_to_login_when_signed_out(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_login_page_renders_form(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b'name="password"' in response.data


def test_login_then_home_then_logout(client, auth, users):
    response = auth.login("staff@example.com")
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert b"Welcome, Staff" in home.data
    auth.logout()
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_message(client, auth, users):
    response = auth.login("staff@example.com", "wrong password")
    assert response.status_code == 400
    assert b"Wrong email or password." in response.data
    assert client.get("/").status_code == 302


def test_unknown_email_is_refused_the_same_way(client, auth, users):
    response = auth.login("nobody@example.com", PASSWORD)
    assert b"Wrong email or password." in response.data


def test_empty_login_form_is_refused(client, users):
    response = client.post("/login", data={})
    assert response.status_code == 400
    assert b"Enter your email and password." in response.data


def test_login_follows_only_local_next(client, users):
    good = client.post("/login?next=/login", data={"email": "staff@example.com", "password": PASSWORD})
    assert good.headers["Location"] == "/login"
    client.post("/logout")
    evil = client.post(
        "/login?next=//evil.example/", data={"email": "staff@example.com", "password": PASSWORD}
    )
    assert evil.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/\\evil.example/", "/\\/evil.example/", "/\t/evil.example/", "/\n/evil.example/"])
def test_login_does_not_follow_a_next_that_browsers_read_as_another_site(client, users, target):
    response = client.post("/login", query_string={"next": target},
                           data={"email": "staff@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_login_with_an_unparseable_next_goes_home(client, users):
    response = client.post("/login?next=http://[x", data={"email": "staff@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_disabled_user_cannot_sign_in(client, users, session):
    from outreach.core.models import User

    user = session.get(User, users["staff"][0])
    user.is_active = False
    session.add(user)
    session.commit()
    response = client.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    assert b"Wrong email or password." in response.data


def test_post_without_csrf_token_is_refused(database_url, tmp_path, users):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "csrf test",
            "INSTANCE_PATH": str(tmp_path / "i"),
        }
    )
    client = app.test_client()
    response = client.post("/login", data={"email": "staff@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert b"Your form expired" in response.data
    # With the token taken from the form, the same sign-in works.
    page = client.get("/login").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    ok = client.post(
        "/login", data={"email": "staff@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert ok.status_code == 302
    app.extensions["outreach.engine"].dispose()


def test_unknown_page_is_404_page(client, auth):
    auth.login()
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"There is nothing here." in response.data


def test_session_cookie_is_httponly_and_samesite(client, auth):
    response = auth.login()
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_secure_cookie_setting_marks_cookie_secure(database_url, tmp_path, users):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path / "i"),
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": True,
        }
    )
    response = app.test_client().post(
        "/login", data={"email": "staff@example.com", "password": PASSWORD}
    )
    assert "Secure" in response.headers["Set-Cookie"]
    app.extensions["outreach.engine"].dispose()


def test_unreachable_database_gives_503_page_not_traceback(tmp_path):
    app = create_app(
        {
            "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/none",
            "INSTANCE_PATH": str(tmp_path),
            "WTF_CSRF_ENABLED": False,
        }
    )
    response = app.test_client().post("/login", data={"email": "a@example.com", "password": "x" * 9})
    assert response.status_code == 503
    assert b"The database cannot be reached right now." in response.data
