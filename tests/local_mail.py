"""A real SMTP server in the test process (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import email
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_config(controller):
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": controller.port, "SMTP_FROM": "bot@outreach.example",
            "SMTP_STARTTLS": False, "SMTP_USERNAME": "", "SMTP_PASSWORD": ""}
