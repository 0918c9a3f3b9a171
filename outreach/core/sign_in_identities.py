"""Signing in with a Google or Microsoft account: a person links theirs while signed in (after their
password), and from then on the provider's word that it is that account signs them in. The account is
known by its ID token's issuer and subject, never by its email address, which another could hold later."""

from __future__ import annotations

from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.errors import Refused
from outreach.core.models import SignInIdentity, User
from outreach.core.oauth import Provider, Tokens


class IdentityRefused(Refused):
    """A link or a sign-in that cannot be; the message says why."""


def identities_of(session: Session, user: User) -> list[SignInIdentity]:
    return list(session.exec(select(SignInIdentity).where(SignInIdentity.user_id == user.id)
                             .order_by(SignInIdentity.provider, SignInIdentity.id)))


def linked_providers(session: Session) -> dict[int, list[SignInIdentity]]:
    """Each person's linked accounts (user id: identities), for the admins' list of users."""
    linked: dict[int, list[SignInIdentity]] = {}
    for identity in session.exec(select(SignInIdentity).order_by(SignInIdentity.user_id, SignInIdentity.provider)):
        linked.setdefault(identity.user_id, []).append(identity)
    return linked


def link_identity(session: Session, user: User, provider: Provider, tokens: Tokens) -> SignInIdentity:
    """Link the provider's account to the person's (replacing the one they linked there before)."""
    taken = session.exec(select(SignInIdentity).where(SignInIdentity.provider == provider.name,
                                                      SignInIdentity.subject == tokens.subject)).first()
    if taken is not None and taken.user_id != user.id:
        raise IdentityRefused(f"This {provider.label} account ({tokens.email}) is linked to another person's account "
                              "here already: they unlink it first.")
    for old in identities_of(session, user):
        if old.provider == provider.name and old is not taken:
            session.delete(old)
    identity = taken or SignInIdentity(user_id=user.id, provider=provider.name, subject=tokens.subject)
    identity.email = tokens.email
    session.add(identity)
    session.flush()
    audit.record(session, user, "linked_sign_in", "user", user.id, provider=provider.label, account=tokens.email)
    return identity


def unlink_identity(session: Session, user: User, identity_id: int, *, by: User | None = None) -> SignInIdentity:
    """Unlink one of the person's accounts: by themselves, or `by` an admin (an account lost or taken over)."""
    identity = session.get(SignInIdentity, identity_id)
    if identity is None or identity.user_id != user.id:
        raise IdentityRefused("That sign-in is not linked to " + ("this person's account." if by else "your account."))
    session.delete(identity)
    audit.record(session, by or user, "unlinked_sign_in", "user", user.id, provider=identity.provider,
                 account=identity.email)
    return identity


def user_signing_in(session: Session, provider: Provider, tokens: Tokens) -> User:
    """The active person whose account the provider vouched for; refused clearly otherwise."""
    identity = session.exec(select(SignInIdentity).where(SignInIdentity.provider == provider.name,
                                                         SignInIdentity.subject == tokens.subject)).first()
    user = session.get(User, identity.user_id) if identity is not None else None
    if user is None:
        raise IdentityRefused(f"No account here is linked to the {provider.label} account {tokens.email}: sign in "
                              f"with your password, then link it on your account's Sign-in page.")
    if not user.is_active:
        raise IdentityRefused("This account is switched off: ask an admin.")
    return user
