"""Signing in at Google or Microsoft with OAuth 2.0 and OpenID Connect: the consent address with PKCE,
the code exchanged for tokens, and an access token refreshed when it runs out. Mailboxes use it to
send and read (Gmail and Microsoft 365 turn password logins off); people use it to sign in."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Mapping
from urllib.parse import urlencode, urlsplit

import urllib3

from outreach.core.mail.connect import MailConnectionError

TIMEOUT = urllib3.Timeout(connect=10, read=20)
EARLY = timedelta(minutes=2)  # an access token is renewed this long before it runs out


@dataclass(frozen=True)
class Server:
    """A mailbox server the provider runs: host, port and TLS mode as the mailbox stores them."""

    host: str
    port: int
    tls: str


@dataclass(frozen=True)
class Provider:
    """A mail provider that signs people in with OAuth 2.0, and the servers their mailboxes live on."""

    name: str
    label: str
    authorize_url: str
    token_url: str
    scope: str  # a mailbox's: send and read mail, and stay connected
    smtp: Server
    imap: Server
    client_id: str
    client_secret: str
    consent_params: tuple[tuple[str, str], ...] = ()  # asked when connecting a mailbox
    refresh_needs_scope: bool = False
    revoke_url: str = ""  # where a token is handed back; Microsoft has no such address


@dataclass(frozen=True)
class Tokens:
    """What the provider's token endpoint gave: an access token, until when, and (usually) a refresh token."""

    access_token: str
    expires_at: datetime
    refresh_token: str
    email: str  # from the ID token: whose mailbox it is
    subject: str = ""  # the ID token's issuer and subject: who signed in, for good (an address can change hands)


@dataclass(frozen=True)
class Authorization:
    """Where to send the person's browser, and what to keep until it comes back."""

    url: str
    state: str
    verifier: str


class ProviderRefused(MailConnectionError):
    """The provider refused or failed; `withdrawn` when the mailbox's access is gone for good. A mail
    connection error, so that sending and reading treat it with the others."""

    def __init__(self, message: str, *, withdrawn: bool = False) -> None:
        super().__init__("credentials" if withdrawn else "server", message)
        self.withdrawn = withdrawn


DEFAULTS = {
    "google_authorize": "https://accounts.google.com/o/oauth2/v2/auth",
    "google_token": "https://oauth2.googleapis.com/token",
    "google_smtp": "smtps://smtp.gmail.com:465",
    "google_imap": "imaps://imap.gmail.com:993",
    "google_revoke": "https://oauth2.googleapis.com/revoke",
    "microsoft_authorize": "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
    "microsoft_token": "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
    "microsoft_smtp": "smtp://smtp.office365.com:587",
    "microsoft_imap": "imaps://outlook.office365.com:993",
}
LABELS = {"google": "Google", "microsoft": "Microsoft"}
TLS_OF_SCHEME = {"smtps": "implicit", "smtp": "starttls", "imaps": "implicit", "imap": "starttls"}
PORT_OF_SCHEME = {"smtps": 465, "smtp": 587, "imaps": 993, "imap": 143}


def server(address: str) -> Server:
    parts = urlsplit(address)
    return Server(parts.hostname or "", parts.port or PORT_OF_SCHEME.get(parts.scheme, 143),
                  TLS_OF_SCHEME.get(parts.scheme, "implicit"))


def providers(settings: Mapping[str, Any]) -> list[Provider]:
    """The providers this team set up (a client id given), Google first."""
    bases = {**DEFAULTS, **settings.get("OAUTH_BASES", {})}
    tenant = settings.get("MICROSOFT_TENANT") or "common"
    found = []
    if settings.get("GOOGLE_CLIENT_ID"):
        found.append(Provider(
            "google", "Google", bases["google_authorize"], bases["google_token"],
            "https://mail.google.com/ openid email", server(bases["google_smtp"]), server(bases["google_imap"]),
            settings["GOOGLE_CLIENT_ID"], settings.get("GOOGLE_CLIENT_SECRET", ""),
            # offline: a refresh token; consent: a new one each time, so that connecting again mends a withdrawn one
            (("access_type", "offline"), ("prompt", "consent")), revoke_url=bases["google_revoke"]))
    if settings.get("MICROSOFT_CLIENT_ID"):
        found.append(Provider(
            "microsoft", "Microsoft", bases["microsoft_authorize"].replace("{tenant}", tenant),
            bases["microsoft_token"].replace("{tenant}", tenant),
            "https://outlook.office.com/SMTP.Send https://outlook.office.com/IMAP.AccessAsUser.All "
            "offline_access openid email",
            server(bases["microsoft_smtp"]), server(bases["microsoft_imap"]),
            settings["MICROSOFT_CLIENT_ID"], settings.get("MICROSOFT_CLIENT_SECRET", ""),
            (("prompt", "select_account"),), refresh_needs_scope=True))
    return found


def provider_named(settings: Mapping[str, Any], name: str) -> Provider | None:
    return next((provider for provider in providers(settings) if provider.name == name), None)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


SIGN_IN_SCOPE = "openid email"


def authorization(provider: Provider, redirect_uri: str, login_hint: str = "", *,
                  signing_in: bool = False) -> Authorization:
    """The provider's consent address for this person, bound to a fresh state and PKCE verifier: for a
    mailbox (mail's scopes), or `signing_in` (only who they are)."""
    state, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    query = {"client_id": provider.client_id, "redirect_uri": redirect_uri, "response_type": "code",
             "scope": SIGN_IN_SCOPE if signing_in else provider.scope, "state": state,
             "code_challenge": b64url(hashlib.sha256(verifier.encode()).digest()), "code_challenge_method": "S256",
             **({} if signing_in else dict(provider.consent_params))}
    if login_hint:
        query["login_hint"] = login_hint
    return Authorization(f"{provider.authorize_url}?{urlencode(query)}", state, verifier)


def exchange_code(provider: Provider, code: str, redirect_uri: str, verifier: str, now: datetime, *,
                  signing_in: bool = False) -> Tokens:
    """The tokens for a code the provider sent back, with who it is from the ID token; a mailbox needs a
    refresh token too, to stay connected."""
    answer = post_token(provider, {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
                                   "code_verifier": verifier})
    if not signing_in and not answer.get("refresh_token"):
        raise ProviderRefused(f"{provider.label} gave no refresh token, so the mailbox could not stay connected: "
                              "connect it again and allow every permission asked.")
    claims = id_token_claims(provider, answer.get("id_token", ""))
    return tokens_from(provider, answer, now, email=email_in(provider, claims),
                       subject=f"{claims['iss']}|{claims['sub']}")


def refreshed(provider: Provider, refresh_token: str, email: str, now: datetime) -> Tokens:
    """A new access token for a stored refresh token (and the refresh token to keep from now on)."""
    fields = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    if provider.refresh_needs_scope:
        fields["scope"] = provider.scope
    answer = post_token(provider, fields)
    return tokens_from(provider, {**answer, "refresh_token": answer.get("refresh_token") or refresh_token}, now,
                       email=email)


def tokens_from(provider: Provider, answer: dict, now: datetime, *, email: str, subject: str = "") -> Tokens:
    access = answer.get("access_token")
    if not isinstance(access, str) or not access:
        raise ProviderRefused(f"{provider.label}'s answer held no access token.")
    try:
        lasts = max(60, min(int(answer.get("expires_in", 3600)), 86_400))
    except (TypeError, ValueError):
        lasts = 3600
    return Tokens(access, now + timedelta(seconds=lasts), str(answer.get("refresh_token") or ""), email, subject)


def post_token(provider: Provider, fields: dict[str, str]) -> dict:
    """POST to the token endpoint; a refusal becomes a sentence with the provider's own reason."""
    body = urlencode({**fields, "client_id": provider.client_id, "client_secret": provider.client_secret})
    try:
        response = http().request("POST", provider.token_url, body=body, timeout=TIMEOUT, retries=False,
                                  headers={"Content-Type": "application/x-www-form-urlencoded",
                                           "Accept": "application/json"})
    except urllib3.exceptions.HTTPError as error:
        raise ProviderRefused(f"{provider.label}'s sign-in service could not be reached "
                              f"({type(error).__name__}); try again in a while.") from None
    try:
        answer = json.loads(response.data[:100_000])
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise ProviderRefused(f"{provider.label}'s sign-in service answered {response.status} without the "
                              "expected JSON; try again in a while.")
    if response.status != 200 or "error" in answer:
        code = str(answer.get("error", response.status))[:100]
        said = str(answer.get("error_description", ""))[:300]
        withdrawn = code == "invalid_grant" and fields["grant_type"] == "refresh_token"
        lead = (f"{provider.label} no longer lets Outreach use this mailbox (its access was withdrawn or ran out): "
                "connect it again on Mail" if withdrawn else f"{provider.label} refused")
        raise ProviderRefused(f"{lead} ({code}{': ' + said if said else ''}).", withdrawn=withdrawn)
    return answer


def revoke(provider: Provider, token: str) -> None:
    """Hand a refresh token back, so that the person's account no longer lists Outreach's access (RFC 7009)."""
    try:
        response = http().request("POST", provider.revoke_url, body=urlencode({"token": token}), timeout=TIMEOUT,
                                  retries=False, headers={"Content-Type": "application/x-www-form-urlencoded"})
    except urllib3.exceptions.HTTPError as error:
        raise ProviderRefused(f"{provider.label} could not be reached ({type(error).__name__})") from None
    # 400 invalid_token: already withdrawn at the provider, which is what was asked.
    if response.status != 200 and b"invalid_token" not in response.data[:2000]:
        raise ProviderRefused(f"{provider.label} answered {response.status}")


def id_token_claims(provider: Provider, id_token: str) -> dict:
    """The ID token's claims. It came straight from the token endpoint over TLS, which OpenID Connect
    accepts in place of checking its signature; its audience must still be our client, and it must name
    its issuer and subject."""
    try:
        payload = id_token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, binascii.Error):
        raise ProviderRefused(f"{provider.label} did not say who signed in (no readable ID token).") from None
    if not isinstance(claims, dict):
        raise ProviderRefused(f"{provider.label} did not say who signed in (no readable ID token).")
    audience = claims.get("aud")
    if audience != provider.client_id and not (isinstance(audience, list) and provider.client_id in audience):
        raise ProviderRefused(f"{provider.label}'s ID token was made for another application.")
    if not isinstance(claims.get("iss"), str) or not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise ProviderRefused(f"{provider.label}'s ID token names no issuer or subject.")
    return claims


def email_in(provider: Provider, claims: dict) -> str:
    """The address the ID token names (Microsoft's may come as preferred_username)."""
    email = claims.get("email") or claims.get("preferred_username") or ""
    if not isinstance(email, str) or "@" not in email or len(email) > 320:
        raise ProviderRefused(f"{provider.label} did not say the account's email address (allow \"email\" when asked).")
    return email.strip().lower()


def email_in_id_token(provider: Provider, id_token: str) -> str:
    """The address in the ID token, once the token is checked."""
    return email_in(provider, id_token_claims(provider, id_token))


_pool: urllib3.PoolManager | None = None


def http() -> urllib3.PoolManager:
    global _pool
    if _pool is None:
        _pool = urllib3.PoolManager(num_pools=4, maxsize=2)
    return _pool
