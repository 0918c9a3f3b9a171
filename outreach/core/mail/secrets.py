"""Mailbox passwords encrypted at rest (Fernet) with the key from the settings."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

from outreach.core.errors import Refused


class MailKeyMissing(Refused):
    """No key is set, so no password can be stored or read."""

    def __init__(self) -> None:
        super().__init__("Mailbox passwords are stored encrypted and no key is set: set OUTREACH_MAIL_KEY "
                         "(`outreach mail make-key` makes one) on every process and restart. Nothing was saved.")


class MailKeyWrong(Refused):
    """The stored password was encrypted with another key."""

    def __init__(self) -> None:
        super().__init__("The mailbox's stored password cannot be read with the current OUTREACH_MAIL_KEY "
                         "(was the key changed?): enter the password again.")


def make_key() -> str:
    """A new random key for OUTREACH_MAIL_KEY."""
    return Fernet.generate_key().decode()


def encrypt_password(key: str, password: str) -> str:
    """The password as a Fernet token; refuses when no key is set."""
    if not key:
        raise MailKeyMissing()
    return Fernet(key.encode()).encrypt(password.encode()).decode()


def decrypt_password(key: str, token: str) -> str:
    """The password back from its token; refuses clearly when the key is missing or another."""
    if not key:
        raise MailKeyMissing()
    try:
        return Fernet(key.encode()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise MailKeyWrong() from None
