"""Connecting a mailbox by signing in at its provider, through the test client: the way out to the
provider (PKCE, state, the page's policy letting the form go there), the way back (a code for tokens),
and every wrong way back (another state, none started, a cancel, a provider in trouble) refused
with what to do, nothing connected."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select

from outreach.core.models import AuditEvent, Mailbox
from tests.core.test_mail_oauth import provider_settings
from tests.local_mail import free_port
from tests.mail_factories import KEY


@pytest.fixture
def provider_app(app, oauth_provider, mail_tls):
    app.config.update(MAIL_KEY=KEY, BASE_URL="https://outreach.example",
                      **{name: value for name, value in provider_settings(oauth_provider, free_port(), free_port(),
                                                                          mail_tls).items()
                         if name != "MAIL_KEY"})
    return app


def go_to_provider(client, **form) -> str:
    """Press "Sign in with Microsoft": the address the browser is sent to."""
    response = client.post("/mail/oauth/microsoft/start", data=form)
    assert response.status_code == 302, response.data
    return response.headers["Location"]


def come_back(client, oauth_provider, address: str, allow: bool = True):
    back = urlsplit(oauth_provider.consent(address, allow=allow))
    assert f"{back.scheme}://{back.netloc}{back.path}" == "https://outreach.example/mail/oauth/callback"
    return client.get(f"{back.path}?{back.query}", follow_redirects=True)


def mailboxes(engine) -> list[Mailbox]:
    with Session(engine) as session:
        return session.exec(select(Mailbox)).all()


def test_signing_in_with_the_provider_connects_the_person_s_own_mailbox(provider_app, client, auth, engine, users,
                                                                         oauth_provider):
    auth.login()
    page = client.get("/mail/")
    assert b"Sign in with Microsoft" in page.data and b"Sign in with Google" not in page.data
    assert f"form-action 'self' {oauth_provider.base_url};" in page.headers["Content-Security-Policy"]
    address = go_to_provider(client)
    query = parse_qs(urlsplit(address).query)
    assert address.startswith(oauth_provider.base_url + "/authorize?")
    assert query["redirect_uri"] == ["https://outreach.example/mail/oauth/callback"]
    assert query["login_hint"] == ["staff@example.com"] and query["code_challenge_method"] == ["S256"]
    page = come_back(client, oauth_provider, address)
    assert b"pr@example.test is connected through Microsoft" in page.data
    assert b"nothing accepts connections there" in page.data  # tried at once (its servers are not running here)
    (mailbox,) = mailboxes(engine)
    assert (mailbox.owner_id, mailbox.oauth_provider, mailbox.email_address) == (users["staff"][0], "microsoft",
                                                                                 "pr@example.test")
    assert b"signs in with Microsoft" in page.data
    # The same answer twice does nothing more: the state was used.
    again = client.get("/mail/oauth/callback?" + urlsplit(oauth_provider.consent(address)).query, follow_redirects=True)
    assert b"does not belong to a sign-in started here" in again.data and len(mailboxes(engine)) == 1


def test_wrong_ways_back_connect_nothing_and_say_why(provider_app, client, auth, engine, oauth_provider):
    auth.login()
    page = client.get("/mail/oauth/callback?code=stolen&state=guessed", follow_redirects=True)
    assert b"does not belong to a sign-in started here" in page.data
    address = go_to_provider(client)
    page = client.get("/mail/oauth/callback?" + urlsplit(oauth_provider.consent(address)).query.replace(
        "state=", "state=x"), follow_redirects=True)
    assert b"does not belong to a sign-in started here" in page.data
    page = come_back(client, oauth_provider, go_to_provider(client), allow=False)
    assert b"Microsoft did not let it through: you cancelled at its page." in page.data
    oauth_provider.token_answer = (400, b'{"error": "invalid_client", "error_description": "AADSTS7000215"}')
    page = come_back(client, oauth_provider, go_to_provider(client))
    assert b"Nothing was connected: Microsoft refused (invalid_client: AADSTS7000215)." in page.data
    assert mailboxes(engine) == []


def test_only_an_admin_connects_the_team_s_mailbox_and_a_key_is_needed(provider_app, client, auth, engine,
                                                                      oauth_provider):
    auth.login()
    page = client.post("/mail/oauth/microsoft/start", data={"shared": "y"}, follow_redirects=True)
    assert b"Only an admin can set up the team&#39;s mailbox." in page.data
    assert client.post("/mail/oauth/google/start").status_code == 404  # not set up here
    auth.logout()
    auth.login("admin@example.com")
    page = come_back(client, oauth_provider, go_to_provider(client, shared="y"))
    assert b"is connected through Microsoft" in page.data
    assert [box.owner_id for box in mailboxes(engine)] == [None]
    provider_app.config["MAIL_KEY"] = ""
    page = client.post("/mail/oauth/microsoft/start", follow_redirects=True)
    assert b"OUTREACH_MAIL_KEY" in page.data


def test_a_provider_s_mailbox_edits_its_hours_not_its_servers(provider_app, client, auth, engine, oauth_provider):
    auth.login()
    come_back(client, oauth_provider, go_to_provider(client))
    (mailbox,) = mailboxes(engine)
    page = client.get(f"/mail/mailboxes/{mailbox.id}")
    assert b"signs in with Microsoft" in page.data and b'name="password"' not in page.data
    assert b'name="smtp_host"' not in page.data
    response = client.post(f"/mail/mailboxes/{mailbox.id}", data={
        "name": "Work", "display_name": "Ana", "daily_limit": 40, "window_start_hour": 9, "window_end_hour": 17,
        "time_zone": "Europe/Berlin", "smtp_host": "evil.example", "password": "x"}, follow_redirects=True)
    assert b"Mailbox saved" in response.data
    (saved,) = mailboxes(engine)
    assert (saved.name, saved.daily_limit, saved.time_zone, saved.smtp_host) == (
        "Work", 40, "Europe/Berlin", mailbox.smtp_host)
    assert saved.password_encrypted == mailbox.password_encrypted


def test_disconnecting_hands_a_google_grant_back_and_says_what_is_left_for_microsoft(provider_app, client, auth, engine,
                                                                                   oauth_provider):
    base = oauth_provider.base_url
    provider_app.config.update(GOOGLE_CLIENT_ID=oauth_provider.client_id,
                               GOOGLE_CLIENT_SECRET=oauth_provider.client_secret,
                               OAUTH_BASES={**provider_app.config["OAUTH_BASES"],
                                                 "google_authorize": f"{base}/authorize",
                                                 "google_token": f"{base}/token", "google_revoke": f"{base}/revoke"})
    auth.login()
    address = client.post("/mail/oauth/google/start").headers["Location"]
    assert "access_type=offline" in address and "prompt=consent" in address
    come_back(client, oauth_provider, address)
    come_back(client, oauth_provider, go_to_provider(client))  # and the same address at Microsoft
    google, microsoft = sorted(mailboxes(engine), key=lambda box: box.oauth_provider)
    assert len(oauth_provider.refresh) == 2
    page = client.post(f"/mail/mailboxes/{google.id}/delete", follow_redirects=True)
    assert b"disconnected: its access is deleted" in page.data and b"not told" not in page.data
    assert len(oauth_provider.refresh) == 1  # Google forgot its grant
    page = client.post(f"/mail/mailboxes/{microsoft.id}/delete", follow_redirects=True)
    assert b"Microsoft still lists Outreach among the account&#39;s apps" in page.data
    assert all(not box.connected and box.oauth_access_encrypted == "" for box in mailboxes(engine))
    with Session(engine) as session:
        assert session.exec(select(AuditEvent.action).where(AuditEvent.action == "disconnected_mailbox")).all() == [
            "disconnected_mailbox"] * 2


def test_a_google_that_cannot_be_told_still_disconnects_here(provider_app, client, auth, engine, oauth_provider):
    base = oauth_provider.base_url
    provider_app.config.update(GOOGLE_CLIENT_ID=oauth_provider.client_id,
                               GOOGLE_CLIENT_SECRET=oauth_provider.client_secret,
                               OAUTH_BASES={"google_authorize": f"{base}/authorize", "google_token": f"{base}/token",
                                                 "google_revoke": f"http://127.0.0.1:{free_port()}/revoke"})
    auth.login()
    come_back(client, oauth_provider, client.post("/mail/oauth/google/start").headers["Location"])
    (mailbox,) = mailboxes(engine)
    page = client.post(f"/mail/mailboxes/{mailbox.id}/delete", follow_redirects=True)
    assert b"Google was not told to forget Outreach&#39;s access" in page.data
    assert not mailboxes(engine)[0].connected
