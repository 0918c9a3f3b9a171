"""Signing in with a Google or Microsoft account, through the test client: linked on the account's
Sign-in page (after the password), then signing in with the provider's word; an account nobody linked,
another person's, a switched-off person, a wrong way back and the person's own second step."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from bs4 import BeautifulSoup
from sqlmodel import Session, select

from outreach.core.models import AuditEvent, SignInIdentity, User
from outreach.core.two_step import new_secret, turn_on
from tests.web.test_mail_oauth import provider_app  # noqa: F401  (the fixture: Microsoft on 127.0.0.1)


def trip(client, oauth_provider, start: str, *, email: str = "ana@northbrew.example", allow: bool = True,
         follow: bool = True):
    """Press the button that starts at `start`, answer the provider's page as `email`, come back."""
    response = client.post(start)
    assert response.status_code == 302, response.data
    address = response.headers["Location"]
    query = parse_qs(urlsplit(address).query)
    assert query["scope"] == ["openid email"] and "access_type" not in query
    oauth_provider.email = email
    back = urlsplit(oauth_provider.consent(address, allow=allow))
    assert back.path == "/login/oauth/callback"
    return client.get(f"{back.path}?{back.query}", follow_redirects=follow)


def identities(engine) -> list[SignInIdentity]:
    with Session(engine) as session:
        return session.exec(select(SignInIdentity).order_by(SignInIdentity.id)).all()


def test_a_linked_account_signs_its_person_in(provider_app, client, auth, engine, users, oauth_provider):  # noqa: F811
    auth.login()
    page = client.get("/account/sign-in")
    assert b"Nothing linked" in page.data and b"Link a Microsoft account" in page.data
    assert oauth_provider.base_url in page.headers["Content-Security-Policy"]
    page = trip(client, oauth_provider, "/account/sign-in/microsoft/link")
    assert b"Linked: you can sign in with your Microsoft account ana@northbrew.example" in page.data
    (identity,) = identities(engine)
    assert identity.user_id == users["staff"][0] and identity.subject.startswith(oauth_provider.base_url + "|")
    auth.logout()
    login = client.get("/login")
    assert b"Sign in with Microsoft" in login.data and oauth_provider.base_url in login.headers["Content-Security-Policy"]
    response = trip(client, oauth_provider, "/login/with/microsoft?next=/follow-ups/", follow=False)
    assert response.status_code == 302 and response.headers["Location"] == "/follow-ups/"
    assert client.get("/").status_code == 200  # signed in
    with Session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "signed_in")
                             .order_by(AuditEvent.id.desc())).first()
        assert event.user_id == users["staff"][0] and event.details == {"via": "Microsoft"}
    auth.logout()
    auth.login("admin@example.com")  # admins see who signs in how
    page = BeautifulSoup(client.get("/admin/users").data, "html.parser")
    cell = page.find("tr", attrs={"data-user": "staff@example.com"}).find(attrs={"data-testid": "signs-in-with"})
    assert cell.get_text(" ", strip=True) == "Password, Microsoft Unlink Microsoft"
    listed = provider_app.test_cli_runner().invoke(args=["users", "list"]).output
    assert "staff@example.com  (signs in with Microsoft)" in listed
    (identity,) = identities(engine)  # an account lost or taken over: the admin unlinks it
    page = client.post(f"/admin/users/{users['staff'][0]}/sign-in/{identity.id}/unlink", follow_redirects=True)
    assert b"ana@northbrew.example no longer signs staff@example.com in." in page.data and identities(engine) == []
    assert b"not linked to this person" in client.post(f"/admin/users/{users['staff'][0]}/sign-in/{identity.id}/unlink",
                                                       follow_redirects=True).data
    with Session(engine) as session:
        unlinked = session.exec(select(AuditEvent).where(AuditEvent.action == "unlinked_sign_in")).one()
        assert (unlinked.user_id, unlinked.object_id) == (users["admin"][0], users["staff"][0])
    auth.logout()
    assert b"No account here is linked" in trip(client, oauth_provider, "/login/with/microsoft").data


def test_an_account_nobody_linked_or_a_switched_off_person_is_refused(provider_app, client, auth, engine, users,  # noqa: F811
                                                                     oauth_provider):
    page = trip(client, oauth_provider, "/login/with/microsoft", email="staff@example.com")
    assert b"No account here is linked to the Microsoft account staff@example.com" in page.data
    assert client.get("/", follow_redirects=False).status_code == 302  # still signed out
    auth.login()
    trip(client, oauth_provider, "/account/sign-in/microsoft/link")
    auth.logout()
    with Session(engine) as session:
        user = session.get(User, users["staff"][0])
        user.is_active = False
        session.add(user)
        session.commit()
    page = trip(client, oauth_provider, "/login/with/microsoft")
    assert b"This account is switched off" in page.data


def test_one_provider_account_links_to_one_person_and_unlinking_ends_it(provider_app, client, auth, engine, users,  # noqa: F811
                                                                        oauth_provider):
    auth.login()
    trip(client, oauth_provider, "/account/sign-in/microsoft/link")
    auth.logout()
    auth.login("manager@example.com")
    page = trip(client, oauth_provider, "/account/sign-in/microsoft/link")
    assert b"is linked to another person&#39;s account here already" in page.data
    assert [identity.user_id for identity in identities(engine)] == [users["staff"][0]]
    auth.logout()
    auth.login()
    (identity,) = identities(engine)
    page = client.post(f"/account/sign-in/{identity.id}/unlink", follow_redirects=True)
    assert b"Unlinked: ana@northbrew.example no longer signs you in." in page.data and identities(engine) == []
    auth.logout()
    page = trip(client, oauth_provider, "/login/with/microsoft")
    assert b"No account here is linked" in page.data
    auth.login("manager@example.com")  # nobody unlinks another person's
    assert b"not linked to your account" in client.post(f"/account/sign-in/{identity.id}/unlink",
                                                        follow_redirects=True).data


def test_the_person_s_second_step_is_still_asked(provider_app, client, auth, engine, users, oauth_provider):  # noqa: F811
    auth.login()
    trip(client, oauth_provider, "/account/sign-in/microsoft/link")
    with Session(engine) as session:
        user = session.get(User, users["staff"][0])
        secret = new_secret()
        turn_on(session, user, secret, pyotp.TOTP(secret).at(time.time() - 30), key=provider_app.config["SECRET_KEY"])
        session.commit()
    auth.logout()
    response = trip(client, oauth_provider, "/login/with/microsoft", follow=False)
    assert response.headers["Location"] == "/login/code"
    assert client.get("/", follow_redirects=False).status_code == 302  # not in yet
    response = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})  # a later step than turn_on's
    assert response.status_code == 302 and client.get("/").status_code == 200


def test_wrong_ways_back_sign_nobody_in(provider_app, client, auth, engine, oauth_provider):  # noqa: F811
    page = client.get("/login/oauth/callback?code=x&state=y", follow_redirects=True)
    assert b"does not belong to a sign-in started here" in page.data
    page = trip(client, oauth_provider, "/login/with/microsoft", allow=False)
    assert b"Microsoft did not let it through: you cancelled at its page." in page.data
    assert client.post("/login/with/google").status_code == 404
    auth.login()  # a link's trip cannot be finished as a sign-in, nor the reverse
    response = client.post("/account/sign-in/microsoft/link")
    auth.logout()
    back = oauth_provider.consent(response.headers["Location"])
    page = client.get(urlsplit(back).path + "?" + urlsplit(back).query, follow_redirects=True)
    assert b"Sign in first" in page.data
    assert identities(engine) == []


@pytest.mark.parametrize("query", ["code=%00&state=%00", "error=%00&state=x", "code=" + "x" * 5000 + "&state=y",
                                   "state=%zz&code=%ff%fe", "error=access_denied&error_description=%3Cscript%3E"])
def test_hostile_answers_from_a_provider_are_refused_plainly(provider_app, client, auth, query):  # noqa: F811
    for path in ("/login/oauth/callback", "/mail/oauth/callback"):
        if path.startswith("/mail"):
            auth.login()
        response = client.get(f"{path}?{query}", follow_redirects=True)
        assert response.status_code == 200 and b"does not belong to a sign-in started here" in response.data
        assert b"<script>" not in response.data
    for name in ("%00", "x" * 300, "microsoft%2F..", "google"):
        assert client.post(f"/mail/oauth/{name}/start").status_code in (302, 404)
