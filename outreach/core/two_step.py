"""Two-step sign-in: a code from an authenticator app (TOTP, RFC 6238) after the password, or a
one-time recovery code when the phone is lost."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from sqlmodel import Session, col, delete, func, select

from outreach.core import audit
from outreach.core.errors import Refused
from outreach.core.models import RecoveryCode, User, utcnow
from outreach.core.tokens import hash_token
from outreach.core.users import end_sessions

log = logging.getLogger(__name__)

ISSUER = "Outreach"
# The stored secret is sealed (Fernet) under a key drawn from the app's secret key, so a copy of
# the database alone (a backup, a dump) does not give anyone the codes. Secrets stored before
# sealing are base32 (A-Z, 2-7) and are sealed at their next use.
SEALED_PREFIX = "sealed:"
RECOVERY_CODES = 10
# Codes of the step before and after count too: a phone's clock a little off, or a code typed
# as it turned over.
CLOCK_DRIFT_STEPS = 1
# Recovery codes are written in letters and digits a person cannot misread (no 0/o, 1/l/i).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 12  # 12 of 31 symbols: 59 bits, beyond guessing under the sign-in throttle


class TwoStepError(Refused):
    """Two-step sign-in cannot be turned on or off as asked; the message says why."""


def new_secret() -> str:
    """A fresh secret for an authenticator app (160 bits, base32)."""
    return pyotp.random_base32()


def setup_uri(secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app takes the account from."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def setup_qr(secret: str, email: str) -> str:
    """The setup address as a QR code, an SVG `data:` URI for an <img>."""
    return segno.make(setup_uri(secret, email), error="m").svg_data_uri(scale=5, border=2)


def spaced(secret: str) -> str:
    """The secret in groups of four, as a person types it into an app that cannot scan."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _fernet(key: str) -> Fernet:
    derived = hashlib.sha256(b"outreach two-step secret\0" + key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(key: str, secret: str) -> str:
    """The secret as stored: encrypted under the app's secret key."""
    return SEALED_PREFIX + _fernet(key).encrypt(secret.encode()).decode()


def unseal(key: str, stored: str) -> str | None:
    """The secret back, or None when it was sealed under another secret key (the key was changed:
    only a recovery code, or an admin's reset, lets the person in)."""
    if not stored.startswith(SEALED_PREFIX):
        return stored  # stored before sealing
    try:
        return _fernet(key).decrypt(stored[len(SEALED_PREFIX):].encode()).decode()
    except InvalidToken:
        log.warning("a two-step secret cannot be unsealed with this secret key: was OUTREACH_SECRET_KEY changed?")
        return None


def _code_step(secret: str, code: str, now: float, after_step: int) -> int | None:
    """The time step whose code this is, if it is one of the steps around now and after `after_step`."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    for offset in range(-CLOCK_DRIFT_STEPS, CLOCK_DRIFT_STEPS + 1):
        moment = now + offset * totp.interval
        step = totp.timecode(moment)
        if step > after_step and hmac.compare_digest(totp.at(moment), code):
            return step
    return None


def turn_on(session: Session, user: User, secret: str, code: str, now: float | None = None, *, key: str) -> list[str]:
    """Keep the secret, sealed under `key` (the app's secret key), once the app proves it has it (a
    current code); returns the recovery codes, which are shown once. The caller ends the person's
    other sessions and commits."""
    step = _code_step(secret, code, time.time() if now is None else now, 0)
    if step is None:
        raise TwoStepError("that code does not match: check the app's clock and try the newest code")
    user.two_step_secret, user.two_step_last_step, user.two_step_since = seal(key, secret), step, utcnow()
    session.add(user)
    return new_recovery_codes(session, user)


def turn_off(session: Session, user: User) -> None:
    """Sign in with the password alone again; the recovery codes go too. The caller commits."""
    user.two_step_secret, user.two_step_last_step, user.two_step_since = "", 0, None
    session.add(user)
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def reset_two_step(session: Session, by: User | None, user: User, **details) -> None:
    """An admin's reset for a lost phone: two-step off, every session of the person ended, audited.
    The caller commits."""
    turn_off(session, user)
    end_sessions(session, user)
    audit.record(session, by, "reset_two_step", "user", user.id, **details)


def _normalised(code: str) -> str:
    """A recovery code as typed: any case, with or without its hyphens and spaces."""
    return "".join(ch for ch in code.lower() if ch.isalnum())


def new_recovery_codes(session: Session, user: User) -> list[str]:
    """Ten new recovery codes in place of any before; only their hashes are stored."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
             for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_token(code)) for code in codes)
    return [f"{code[:4]}-{code[4:8]}-{code[8:]}" for code in codes]


def recovery_codes_left(session: Session, user: User) -> int:
    return session.exec(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, col(RecoveryCode.used_at).is_(None))).one()


def check_second_step(session: Session, user: User, code: str, now: float | None = None, *,
                      key: str) -> str | None:
    """How the second step was passed ("code" or "recovery code"), or None; a code counts once.
    `key` is the app's secret key, which the stored secret is sealed under. The caller commits."""
    if not user.has_two_step:
        return None
    secret = unseal(key, user.two_step_secret)
    step = _code_step(secret, code, time.time() if now is None else now, user.two_step_last_step) if secret else None
    if step is not None:
        # In SQL, so two sign-ins racing with one code cannot both move it: the second finds it moved.
        # The secret is sealed afresh, which seals one stored before sealing.
        moved = session.execute(
            User.__table__.update().where(User.id == user.id, User.two_step_last_step < step)
            .values(two_step_last_step=step, two_step_secret=seal(key, secret))).rowcount
        if moved:
            session.refresh(user)
            return "code"
        return None
    typed = _normalised(code)
    if len(typed) != RECOVERY_LENGTH:
        return None
    used = session.execute(
        RecoveryCode.__table__.update().where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == hash_token(typed),
                                              col(RecoveryCode.used_at).is_(None))
        .values(used_at=utcnow())).rowcount
    return "recovery code" if used else None
