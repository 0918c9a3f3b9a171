"""A real SMTP server in the test process (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import base64
import email
import json
import socket


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []
        self.raw = []  # the bytes as received

    async def handle_DATA(self, server, session, envelope):
        self.raw.append(envelope.content)
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 OK"


class TokenInbox(Inbox):
    """An inbox whose server logs in with an OAuth provider's access tokens (XOAUTH2) and refuses
    anything else, answering a bad token as Gmail does: a challenge with the reasons, then 535."""

    def __init__(self, provider):
        super().__init__()
        self.provider = provider
        self.logins: list[str] = []

    async def auth_XOAUTH2(self, server, args):
        from aiosmtpd.smtp import AuthResult

        answer = base64.b64decode(args[1]) if len(args) > 1 else await server.challenge_auth("")
        fields = dict(part.split("=", 1) for part in answer.decode(errors="replace").split("\x01") if "=" in part)
        user, token = fields.get("user", ""), fields.get("auth", "").removeprefix("Bearer ")
        if user and self.provider.valid_access(token) == user:
            self.logins.append(user)
            return AuthResult(success=True, auth_data=user)
        await server.challenge_auth(json.dumps({"status": "400", "schemes": "Bearer",
                                                "scope": "https://mail.google.com/"}))
        return AuthResult(success=False, handled=False,
                          message="535 5.7.8 Username and Password not accepted. For more information, go to ...")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_config(controller):
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": controller.port, "SMTP_FROM": "bot@outreach.example",
            "SMTP_STARTTLS": False, "SMTP_USERNAME": "", "SMTP_PASSWORD": ""}
