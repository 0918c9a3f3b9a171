"""Personal API tokens: shown once, stored only as a hash, revocable."""

from __future__ import annotations

import hashlib
import secrets

from sqlmodel import Session, select

from outreach.core.errors import Refused
from outreach.core.models import ApiToken, User, utcnow

TOKEN_PREFIX = "otk_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_secret(prefix: str) -> tuple[str, str]:
    """A new private address's secret and the hash to store: the secret is shown once, never kept."""
    secret = prefix + secrets.token_urlsafe(24)
    return secret, hash_token(secret)


def hash_to_look_up(secret: str, prefix: str) -> str | None:
    """The hash a presented secret of this kind is looked up by; None when it cannot be one."""
    return hash_token(secret) if secret.startswith(prefix) and len(secret) <= 100 else None


def create_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the user; the plain token is returned once and never stored."""
    name = name.strip()
    if not name:
        raise Refused("A token needs a name, so you can tell your tokens apart.")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name[:200], token_hash=hash_token(plain), prefix=plain[:10])
    session.add(token)
    session.flush()
    return token, plain


def user_for_token(session: Session, plain: str) -> User | None:
    """The active user a valid, unrevoked token belongs to, or None."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(plain))).first()
    if token is None or token.revoked_at is not None:
        return None
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        return None
    token.last_used_at = utcnow()
    session.add(token)
    session.commit()
    return user


def user_tokens(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.exec(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def revoke_token(session: Session, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.add(token)
