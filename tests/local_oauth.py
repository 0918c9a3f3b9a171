"""A mail provider's OAuth 2.0 server for the tests, on 127.0.0.1: the consent page a person sees,
the token endpoint (codes bound by PKCE, refresh tokens) and the userinfo endpoint that Dovecot asks
about an access token. Its answers have the fields and errors of Google's and Microsoft's."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Grant:
    """A code's promise: who consented, for which client address and PKCE challenge."""

    email: str
    redirect_uri: str
    challenge: str
    scope: str


@dataclass
class OAuthProvider:
    """One provider: its client, the person who consents, and every token it gave out."""

    client_id: str = "outreach-test-client"
    client_secret: str = "outreach-test-secret"
    email: str = "pr@example.test"
    access_seconds: int = 3600
    rotate_refresh: bool = False  # Microsoft may answer a refresh with a new refresh token
    codes: dict[str, Grant] = field(default_factory=dict)
    access: dict[str, tuple[str, float]] = field(default_factory=dict)  # token: (email, expires)
    refresh: dict[str, str] = field(default_factory=dict)  # token: email; revoking deletes it
    requests: list[dict] = field(default_factory=list)  # each form posted to /token
    token_answer: tuple[int, bytes] | None = None  # an answer to give instead (a provider in trouble)

    def start(self) -> "OAuthProvider":
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                provider.answer_get(self)

            def do_POST(self):
                provider.answer_post(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- what the provider knows

    def valid_access(self, token: str) -> str | None:
        """The email an access token speaks for, while it lasts."""
        email, expires = self.access.get(token, ("", 0.0))
        return email if email and expires > time.time() else None

    def expire_access_tokens(self) -> None:
        self.access = {token: (email, 0.0) for token, (email, _) in self.access.items()}

    def revoke_refresh_tokens(self) -> None:
        self.refresh.clear()

    def consent(self, authorize_url: str, allow: bool = True) -> str:
        """Where the provider sends the browser back once the person answered its consent page."""
        query = {key: values[0] for key, values in parse_qs(urlsplit(authorize_url).query).items()}
        return self.after_consent(query, allow)

    def after_consent(self, query: dict, allow: bool) -> str:
        back = query["redirect_uri"]
        if not allow:
            return f"{back}?{urlencode({'error': 'access_denied', 'state': query.get('state', '')})}"
        code = secrets.token_urlsafe(16)
        self.codes[code] = Grant(self.email, back, query.get("code_challenge", ""), query.get("scope", ""))
        return f"{back}?{urlencode({'code': code, 'state': query.get('state', ''), 'scope': query.get('scope', '')})}"

    def issue(self, email: str, *, refresh_token: str | None = None) -> dict:
        access = "ya29." + secrets.token_urlsafe(24)
        self.access[access] = (email, time.time() + self.access_seconds)
        answer = {"access_token": access, "expires_in": self.access_seconds, "token_type": "Bearer",
                  "scope": "https://mail.google.com/ openid email"}
        if refresh_token is None or self.rotate_refresh:
            refresh = "1//" + secrets.token_urlsafe(24)
            self.refresh[refresh] = email
            if refresh_token:
                self.refresh.pop(refresh_token, None)
            answer["refresh_token"] = refresh
        if refresh_token is None:
            now = int(time.time())
            header = {"alg": "RS256", "kid": "test-key", "typ": "JWT"}
            subject = str(int(hashlib.sha256(email.encode()).hexdigest()[:16], 16))  # one account, one id
            claims = {"iss": self.base_url, "aud": self.client_id, "sub": subject, "email": email,
                      "email_verified": True, "iat": now, "exp": now + 3600}
            answer["id_token"] = ".".join([b64url(json.dumps(header).encode()), b64url(json.dumps(claims).encode()),
                                           b64url(secrets.token_bytes(64))])
        return answer

    # -- HTTP

    def answer_get(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        if url.path == "/authorize":
            if query.get("client_id") != self.client_id:
                return send(handler, 400, b"Error 401: invalid_client. The OAuth client was not found.", "text/plain")
            hidden = "".join(f'<input type="hidden" name="{html.escape(key)}" value="{html.escape(value)}">'
                             for key, value in query.items())
            page = (f"<!doctype html><title>Sign in</title><h1>Outreach wants to send and read mail as "
                    f"{html.escape(self.email)}</h1><form action=\"/consent\">{hidden}"
                    f"<button name=\"answer\" value=\"allow\">Allow</button>"
                    f"<button name=\"answer\" value=\"deny\">Cancel</button></form>")
            return send(handler, 200, page.encode(), "text/html; charset=utf-8")
        if url.path == "/consent":
            return redirect(handler, self.after_consent(query, query.get("answer") == "allow"))
        if url.path == "/userinfo":
            token = handler.headers.get("Authorization", "").removeprefix("Bearer ")
            email = self.valid_access(token)
            if email is None:
                return send(handler, 401, b'{"error": "invalid_token"}', "application/json")
            return send(handler, 200, json.dumps({"email": email, "email_verified": True}).encode(), "application/json")
        send(handler, 404, b"not found", "text/plain")

    def answer_post(self, handler: BaseHTTPRequestHandler) -> None:
        path = urlsplit(handler.path).path
        if path not in ("/token", "/revoke"):
            return send(handler, 404, b"not found", "text/plain")
        length = int(handler.headers.get("Content-Length") or 0)
        form = {key: values[0] for key, values in parse_qs(handler.rfile.read(length).decode()).items()}
        if path == "/revoke":  # Google's: the token, and nothing else
            if self.refresh.pop(form.get("token", ""), None) is None:
                return error(handler, 400, "invalid_token", "Token expired or revoked")
            return send(handler, 200, b"{}", "application/json")
        self.requests.append(form)
        if self.token_answer is not None:
            status, body = self.token_answer
            return send(handler, status, body, "application/json")
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return error(handler, 401, "invalid_client", "The OAuth client was not found.")
        if form.get("grant_type") == "authorization_code":
            grant = self.codes.pop(form.get("code", ""), None)
            if grant is None:
                return error(handler, 400, "invalid_grant", "Malformed auth code.")
            if form.get("redirect_uri") != grant.redirect_uri:
                return error(handler, 400, "redirect_uri_mismatch", "Bad Request")
            verifier = form.get("code_verifier", "")
            if b64url(hashlib.sha256(verifier.encode()).digest()) != grant.challenge:
                return error(handler, 400, "invalid_grant", "Invalid code verifier.")
            return send(handler, 200, json.dumps(self.issue(grant.email)).encode(), "application/json")
        if form.get("grant_type") == "refresh_token":
            email = self.refresh.get(form.get("refresh_token", ""))
            if email is None:
                return error(handler, 400, "invalid_grant", "Token has been expired or revoked.")
            return send(handler, 200, json.dumps(self.issue(email, refresh_token=form["refresh_token"])).encode(),
                        "application/json")
        error(handler, 400, "unsupported_grant_type", "Invalid grant_type.")


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, kind: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Cache-Control", "no-store")
    handler.end_headers()
    handler.wfile.write(body)


def redirect(handler: BaseHTTPRequestHandler, location: str) -> None:
    handler.send_response(302)
    handler.send_header("Location", location)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def error(handler: BaseHTTPRequestHandler, status: int, code: str, description: str) -> None:
    send(handler, status, json.dumps({"error": code, "error_description": description}).encode(), "application/json")
