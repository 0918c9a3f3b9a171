"""Mailboxes signed in at their provider with OAuth 2.0: the code exchanged (bound to its PKCE verifier),
pitches sent and replies read with access tokens (XOAUTH2) against a real SMTP server and Dovecot, an
access token renewed once when it runs out, and a provider that withdraws access or fails named."""

from __future__ import annotations

import base64
import imaplib
import json
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select

from outreach.core.mail.connect import Endpoint, Login, MailConnectionError, open_smtp, tls_context
from outreach.core.mail.mailboxes import check_connection, connect_through_provider, mailbox_login
from outreach.core.mail.outbox import send_due
from outreach.core.mail.pitching import queue_pitch
from outreach.core.mail.reading import read_mailbox
from outreach.core.mail.secrets import decrypt_password
from outreach.core.mail.sent_check import found_in_sent
from outreach.core.models import AuditEvent, Mailbox, Notification, OutboxMessage, Reply, User, utcnow
from outreach.core.oauth import ProviderRefused, authorization, email_in_id_token, exchange_code, provider_named
from tests.local_mail import free_port
from tests.mail_factories import KEY, entries_with_addresses, mail_settings

REDIRECT = "https://outreach.example/mail/oauth/callback"
EMAIL = "pr@example.test"


def provider_settings(provider, smtp_port: int, imap_port: int, mail_tls) -> dict:
    """Microsoft set up as the team's provider, its sign-in and servers on 127.0.0.1."""
    base = provider.base_url
    return mail_settings(
        MAIL_CA_FILE=str(mail_tls["ca"]), MICROSOFT_CLIENT_ID=provider.client_id,
        MICROSOFT_CLIENT_SECRET=provider.client_secret,
        OAUTH_BASES={"microsoft_authorize": f"{base}/authorize", "microsoft_token": f"{base}/token",
                          "microsoft_smtp": f"smtp://127.0.0.1:{smtp_port}",
                          "microsoft_imap": f"imaps://127.0.0.1:{imap_port}"})


@pytest.fixture
def settings(oauth_provider, oauth_smtp, oauth_dovecot, mail_tls):
    return provider_settings(oauth_provider, oauth_smtp[0].port, oauth_dovecot.tls_port, mail_tls)


@pytest.fixture
def staff(session, users):
    return session.get(User, users["staff"][0])


def sign_in_at_provider(session, staff, oauth_provider, settings, **more) -> Mailbox:
    """What the web pages do: the consent address, the person allowing it, the code exchanged."""
    provider = provider_named(settings, "microsoft")
    started = authorization(provider, REDIRECT, login_hint=staff.email)
    back = parse_qs(urlsplit(oauth_provider.consent(started.url)).query)
    assert back["state"] == [started.state]
    tokens = exchange_code(provider, back["code"][0], REDIRECT, started.verifier, utcnow())
    mailbox = connect_through_provider(session, staff, provider, tokens, KEY, **more)
    mailbox.window_start_hour, mailbox.window_end_hour = 0, 24  # sends at any hour the test runs
    session.commit()
    return mailbox


def test_the_consent_address_asks_for_mail_with_pkce_and_the_code_needs_its_verifier(oauth_provider, settings):
    provider = provider_named(settings, "microsoft")
    started = authorization(provider, REDIRECT, login_hint="ana@northbrew.example")
    query = parse_qs(urlsplit(started.url).query)
    assert started.url.startswith(f"{oauth_provider.base_url}/authorize?")
    assert query["code_challenge_method"] == ["S256"] and query["state"] == [started.state]
    assert "https://outlook.office.com/IMAP.AccessAsUser.All" in query["scope"][0].split()
    assert "offline_access" in query["scope"][0].split() and query["login_hint"] == ["ana@northbrew.example"]
    code = parse_qs(urlsplit(oauth_provider.consent(started.url)).query)["code"][0]
    with pytest.raises(ProviderRefused, match="Invalid code verifier"):
        exchange_code(provider, code, REDIRECT, "another verifier", utcnow())


def test_a_mailbox_signed_in_at_its_provider_sends_pitches_and_reads_replies(session, engine, staff, oauth_provider,
                                                                               oauth_smtp, oauth_dovecot, settings,
                                                                               mail_tls):
    mailbox = sign_in_at_provider(session, staff, oauth_provider, settings)
    assert (mailbox.email_address, mailbox.username, mailbox.oauth_provider) == (EMAIL, EMAIL, "microsoft")
    assert (mailbox.smtp_port, mailbox.smtp_tls) == (oauth_smtp[0].port, "starttls")
    assert (mailbox.imap_port, mailbox.imap_tls) == (oauth_dovecot.tls_port, "implicit")
    # The refresh token is kept encrypted where a password would be; no password exists.
    assert decrypt_password(KEY, mailbox.password_encrypted) in oauth_provider.refresh
    assert [(server, worked) for server, worked, _ in check_connection(session, mailbox, settings)] == [
        ("SMTP", True), ("IMAP", True)]

    _, (maya, _) = entries_with_addresses(session, staff)
    queue_pitch(session, staff, maya, mailbox, to_address="maya@blog.example", subject="Autumn grinder",
                body="Would you like one?", guard_days=30)
    session.commit()
    assert send_due(engine, settings) == 1
    controller, inbox = oauth_smtp
    assert inbox.messages[0][1]["Subject"] == "Autumn grinder" and EMAIL in inbox.logins
    pitch = session.exec(select(OutboxMessage)).one()
    imap = imaplib.IMAP4_SSL("127.0.0.1", oauth_dovecot.tls_port, ssl_context=tls_context(str(mail_tls["ca"])))
    imap.login(EMAIL, "imap secret")
    assert imap.list()[1] == [b'(\\HasNoChildren) "." INBOX'] and not found_in_sent(imap, pitch.message_id)
    imap.logout()  # the provider files what its SMTP server sends: no copy of ours beside it
    session.refresh(mailbox)
    read_mailbox(session, mailbox, settings, utcnow())  # a first read starts at the inbox's end

    reply = EmailMessage()
    reply["From"], reply["To"], reply["Subject"] = "Maya <maya@blog.example>", EMAIL, "Re: Autumn grinder"
    reply["Message-ID"], reply["In-Reply-To"] = "<reply-1@blog.example>", pitch.message_id
    reply.set_content("Yes please, send one.")
    oauth_dovecot.deliver(EMAIL, reply.as_bytes())
    session.refresh(mailbox)
    found = read_mailbox(session, mailbox, settings, utcnow())
    assert found["reply"] == 1, (found, mailbox.last_error)
    assert "Yes please" in session.exec(select(Reply)).one().summary
    assert session.exec(select(AuditEvent.action).where(AuditEvent.object_type == "mailbox")).all() == [
        "connected_mailbox"]


def test_an_access_token_that_ran_out_is_renewed_once_and_kept_for_every_process(session, engine, staff,
                                                                                 oauth_provider, settings):
    mailbox = sign_in_at_provider(session, staff, oauth_provider, settings)
    first = decrypt_password(KEY, mailbox.oauth_access_encrypted)
    assert mailbox_login(session, mailbox, settings).secret == first  # still good: no call to the provider
    oauth_provider.expire_access_tokens()
    later = utcnow() + timedelta(hours=2)
    login = mailbox_login(session, mailbox, settings, later)
    session.commit()
    assert login.bearer and login.secret != first and oauth_provider.valid_access(login.secret) == EMAIL
    assert [form["grant_type"] for form in oauth_provider.requests] == ["authorization_code", "refresh_token"]
    assert oauth_provider.requests[-1]["scope"].startswith("https://outlook.office.com/SMTP.Send")
    with Session(engine) as other:  # another worker reads the renewed token from the database
        again = mailbox_login(other, other.get(Mailbox, mailbox.id), settings, later)
    assert again.secret == login.secret and len(oauth_provider.requests) == 2


def test_a_rotated_refresh_token_replaces_the_stored_one(session, staff, oauth_provider, settings):
    oauth_provider.rotate_refresh = True
    mailbox = sign_in_at_provider(session, staff, oauth_provider, settings)
    before = decrypt_password(KEY, mailbox.password_encrypted)
    mailbox_login(session, mailbox, settings, utcnow() + timedelta(hours=2))
    after = decrypt_password(KEY, mailbox.password_encrypted)
    assert after != before and after in oauth_provider.refresh and before not in oauth_provider.refresh


def test_withdrawn_access_asks_to_connect_again_and_the_pitch_waits(session, engine, staff, oauth_provider,
                                                                   oauth_smtp, settings):
    mailbox = sign_in_at_provider(session, staff, oauth_provider, settings)
    _, (maya, _) = entries_with_addresses(session, staff)
    queue_pitch(session, staff, maya, mailbox, to_address="maya@blog.example", subject="Autumn grinder",
                body="Would you like one?", guard_days=30)
    mailbox.oauth_access_expires_at = utcnow() - timedelta(minutes=1)
    session.add(mailbox)
    session.commit()
    oauth_provider.revoke_refresh_tokens()  # the person removed the app's access at their provider
    assert send_due(engine, settings) == 0
    session.expire_all()
    row = session.exec(select(OutboxMessage)).one()
    assert row.status == "queued" and "connect it again on Mail" in row.last_error
    assert "Token has been expired or revoked" in session.get(Mailbox, mailbox.id).last_error
    assert oauth_smtp[1].messages == []
    (told,) = session.exec(select(Notification).where(Notification.kind == "mailbox_refused")).all()
    assert told.user_id == staff.id and "connect it again on Mail" in told.body
    assert send_due(engine, settings, utcnow() + timedelta(minutes=2)) == 0  # tried again: not told again
    assert len(session.exec(select(Notification)).all()) == 1
    sign_in_at_provider(session, staff, oauth_provider, settings)  # connected again: the pitch goes
    assert send_due(engine, settings, utcnow() + timedelta(minutes=10)) == 1
    session.expire_all()
    assert session.get(Mailbox, mailbox.id).login_refused_at is None


def test_a_provider_in_trouble_or_out_of_reach_is_named(session, staff, oauth_provider, settings):
    provider = provider_named(settings, "microsoft")
    started = authorization(provider, REDIRECT)
    code = parse_qs(urlsplit(oauth_provider.consent(started.url)).query)["code"][0]
    oauth_provider.token_answer = (503, b"<html>Service Unavailable</html>")
    with pytest.raises(ProviderRefused, match="answered 503 without the expected JSON"):
        exchange_code(provider, code, REDIRECT, started.verifier, utcnow())
    oauth_provider.token_answer = (400, json.dumps({"error": "invalid_client",
                                                    "error_description": "AADSTS7000215: Invalid client secret"}).encode())
    with pytest.raises(ProviderRefused, match="Microsoft refused .invalid_client: AADSTS7000215"):
        exchange_code(provider, code, REDIRECT, started.verifier, utcnow())
    gone = provider_named({**settings, "OAUTH_BASES": {
        **settings["OAUTH_BASES"], "microsoft_token": f"http://127.0.0.1:{free_port()}/token"}}, "microsoft")
    with pytest.raises(ProviderRefused, match="could not be reached"):
        exchange_code(gone, code, REDIRECT, started.verifier, utcnow())
    assert session.exec(select(Mailbox)).all() == []


def test_an_id_token_must_be_made_for_us_and_name_an_address(settings):
    provider = provider_named(settings, "microsoft")

    def token(claims: dict) -> str:
        return "e30." + base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=") + ".c2ln"

    ours = {"aud": provider.client_id, "iss": "https://login.microsoftonline.com/t1/v2.0", "sub": "AAAbc"}
    assert email_in_id_token(provider, token({**ours, "preferred_username": "Ana@Northbrew.example"})
                             ) == "ana@northbrew.example"
    with pytest.raises(ProviderRefused, match="another application"):
        email_in_id_token(provider, token({**ours, "aud": "someone-else", "email": "ana@northbrew.example"}))
    with pytest.raises(ProviderRefused, match="email address"):
        email_in_id_token(provider, token(ours))
    with pytest.raises(ProviderRefused, match="no issuer or subject"):
        email_in_id_token(provider, token({"aud": provider.client_id, "email": "ana@northbrew.example"}))
    with pytest.raises(ProviderRefused, match="no readable ID token"):
        email_in_id_token(provider, "not a token")


def test_signing_in_again_renews_the_same_mailbox_and_keeps_its_settings(session, staff, oauth_provider, settings):
    mailbox = sign_in_at_provider(session, staff, oauth_provider, settings)
    mailbox.daily_limit, mailbox.is_active, mailbox.password_encrypted = 40, False, ""  # disconnected since
    session.add(mailbox)
    session.commit()
    again = sign_in_at_provider(session, staff, oauth_provider, settings)
    assert again.id == mailbox.id and again.daily_limit == 40 and again.connected
    assert session.exec(select(AuditEvent.action).where(AuditEvent.object_type == "mailbox")
                        .order_by(AuditEvent.id)).all() == ["connected_mailbox", "reconnected_mailbox"]


def test_a_bad_access_token_is_refused_with_the_server_s_reason(oauth_smtp, mail_tls):
    controller, _ = oauth_smtp
    endpoint = Endpoint("SMTP", "127.0.0.1", controller.port, "starttls")
    with pytest.raises(MailConnectionError, match="refused the mailbox.s access for pr@example.test .5.7.8 Username and Password not accepted"):
        open_smtp(endpoint, Login(EMAIL, "ya29.not-a-token", bearer=True), str(mail_tls["ca"]))
