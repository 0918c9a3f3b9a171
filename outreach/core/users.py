"""Queries and rules about users: creation, lookup, password checks."""

from __future__ import annotations

import re

from sqlmodel import Session, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from outreach.core.errors import Refused
from outreach.core.models import ROLES, User, utcnow

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 500  # enough for any passphrase; bounds the hashing work a form can ask for


class UserError(Refused):
    """A user cannot be created or changed as asked; the message says why."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def create_user(
    session: Session, email: str, password: str, role: str, name: str = ""
) -> User:
    """Add a user with a hashed password; the caller commits."""
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise UserError(f"not an email address: {email!r}")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if user_by_email(session, email) is not None:
        raise UserError(f"a user with email {email} already exists")
    user = User(email=email, name=name.strip(), role=role, password_hash=generate_password_hash(password))
    session.add(user)
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None."""
    user = user_by_email(session, email)
    if user is None or not user.is_active:
        # Hash anyway, so a wrong email takes as long as a wrong password.
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    user.last_login_at = utcnow()
    return user


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


_DUMMY_HASH = generate_password_hash("not a real password")
