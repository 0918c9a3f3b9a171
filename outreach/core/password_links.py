"""Links that let a person choose their password by email: a reset they asked for, or an admin's
invitation. Signed with the secret key, timed, and spent once the password changes."""

from __future__ import annotations

import hashlib
import secrets
import smtplib
from datetime import timedelta
from typing import Any, Mapping

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlmodel import Session

from outreach.core.models import User
from outreach.core.system_mail import app_link, plain_message, send_messages
from outreach.core.time_zones import DEFAULT_ZONE
from outreach.core.users import create_user

NEEDS_MAIL = "invitations need a mail server (OUTREACH_SMTP_HOST) and the app's address (OUTREACH_BASE_URL)"
# How long each kind of link works: a reset is asked for and used at once; an invitation waits
# for someone to read their mail.
VALID_FOR = {"reset": timedelta(hours=1), "invite": timedelta(days=7)}
PATHS = {"reset": "/login/reset/", "invite": "/login/welcome/"}


def _serializer(secret_key: str, kind: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=f"outreach-password-{kind}")


def _fingerprint(user: User) -> str:
    """Changes when the password or the sessions do: a link made before is spent."""
    return hashlib.sha256(f"{user.password_hash}:{user.session_generation}".encode()).hexdigest()[:24]


def make_token(secret_key: str, user: User, kind: str) -> str:
    return _serializer(secret_key, kind).dumps({"user": user.id, "check": _fingerprint(user)})


def user_for_token(session: Session, secret_key: str, token: str, kind: str) -> User | None:
    """The active user a link of this kind names, if it is ours, in time and not spent."""
    try:
        data = _serializer(secret_key, kind).loads(token, max_age=int(VALID_FOR[kind].total_seconds()))
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = session.get(User, data["user"])
    if user is None or not user.is_active or data.get("check") != _fingerprint(user):
        return None
    return user


def invite_user(session: Session, email: str, role: str, name: str = "", time_zone: str = DEFAULT_ZONE) -> User:
    """Add a user whose password nobody knows until they choose it from their invitation; the
    caller commits and sends invitation_message."""
    return create_user(session, email, secrets.token_urlsafe(32), role, name, time_zone)


def can_email_links(config: Mapping[str, Any]) -> bool:
    """Links go by email only with a mail server and the app's own address to link to."""
    return bool(config.get("SMTP_HOST") and config.get("BASE_URL"))


def reset_message(config: Mapping[str, Any], user: User) -> Any:
    link = app_link(config, PATHS["reset"] + make_token(config["SECRET_KEY"], user, "reset"))
    body = (f"Someone (we hope you) asked to choose a new password for your Outreach account, {user.email}.\n\n"
            f"Open this link within an hour to choose it; it works once:\n{link}\n\n"
            "If it was not you, ignore this email: your password stays as it is.")
    return plain_message(config, user.email, "Outreach: choose a new password", body)


def invitation_message(config: Mapping[str, Any], user: User, invited_by: User | None) -> Any:
    link = app_link(config, PATHS["invite"] + make_token(config["SECRET_KEY"], user, "invite"))
    who = f"{invited_by.display_name} invited you" if invited_by else "You are invited"
    body = (f"{who} to Outreach, where your team finds bloggers and works with them, as {user.role}.\n\n"
            f"Open this link within 7 days to choose your password; then sign in with {user.email}:\n{link}")
    return plain_message(config, user.email, "Outreach: you are invited", body)


def send_invitation(config: Mapping[str, Any], user: User, invited_by: User | None) -> str:
    """Email the invitation now; "" when it went, else why not, for a person to read."""
    try:
        sent = send_messages(config, [invitation_message(config, user, invited_by)])
    except (OSError, smtplib.SMTPException) as error:
        return str(error) or type(error).__name__
    return "" if sent else "the mail server refused the address"
