"""Queries and rules about users: creation, lookup, password checks."""

from __future__ import annotations

import re

from sqlmodel import Session, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from outreach.core.errors import Refused
from outreach.core.models import ROLES, User, utcnow
from outreach.core.time_zones import DEFAULT_ZONE, is_zone_name

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
    session: Session, email: str, password: str, role: str, name: str = "", time_zone: str = DEFAULT_ZONE
) -> User:
    """Add a user with a hashed password, on the team's time zone until they choose theirs; the caller commits."""
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise UserError(f"not an email address: {email!r}")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    check_password(password)
    if user_by_email(session, email) is not None:
        raise UserError(f"a user with email {email} already exists")
    user = User(email=email, name=name.strip(), role=role, password_hash=generate_password_hash(password),
                time_zone=time_zone if is_zone_name(time_zone) else DEFAULT_ZONE)
    session.add(user)
    return user


def check_password(password: str) -> None:
    """Refuse a password too short to guess slowly, or longer than hashing should be asked to take."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"the password may have at most {MAX_PASSWORD_LENGTH} characters")


def password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def end_sessions(session: Session, user: User) -> None:
    """End every session and remember cookie of the user, on every device; the caller commits."""
    user.session_generation = User.session_generation + 1  # in SQL: two sign-outs at once both count
    session.add(user)


def set_password(session: Session, user: User, password: str) -> None:
    """A new password, which ends every session signed in with the old one; the caller commits."""
    check_password(password)
    user.password_hash = generate_password_hash(password)
    end_sessions(session, user)


def user_for_session(session: Session, session_id: str) -> User | None:
    """The active user a session's id ("user id:generation") names, while that generation is current."""
    user_id, _, generation = session_id.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None  # signed before sessions carried a generation, or not by us
    user = session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_generation != int(generation):
        return None
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


def active_admins(session: Session) -> list[User]:
    """The admins who may still sign in, first added first: whom the team's own matters are told to."""
    return list(session.exec(select(User).where(User.role == "admin", User.is_active).order_by(User.id)))


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


_DUMMY_HASH = generate_password_hash("not a real password")
