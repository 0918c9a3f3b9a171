"""Connecting mailboxes: each person's own, or the team's (set by an admin); their passwords
encrypted, their TLS required unless an admin allowed plaintext for the host; a connection test
that says what failed."""

from __future__ import annotations

import imaplib
from datetime import datetime
from typing import Any, Mapping

from sqlmodel import Session, and_, or_, select

from outreach.core import audit
from outreach.core.access import is_admin
from outreach.core.errors import Refused
from outreach.core.mail.connect import (
    Endpoint,
    Login,
    MailConnectionError,
    close_quietly,
    open_imap,
    open_smtp,
    select_inbox,
)
from outreach.core.mail.refused_logins import logged_in, login_refused, refuses_login
from outreach.core.mail.secrets import decrypt_password, encrypt_password
from outreach.core.models import TLS_MODES, Mailbox, PlaintextHost, User, utcnow
from outreach.core.oauth import EARLY, Provider, ProviderRefused, Tokens, provider_named, refreshed, revoke
from outreach.core.time_zones import is_zone_name

AUDITED_FIELDS = ("name", "email_address", "smtp_host", "smtp_port", "smtp_tls", "imap_host", "imap_port",
                  "imap_tls", "username", "daily_limit", "window_start_hour", "window_end_hour", "time_zone",
                  "send_on_weekends", "copy_to_sent")  # never the password


# Mailbox.connected as SQL: switched on, with a password or a provider's refresh token stored.
CONNECTED = and_(Mailbox.is_active, Mailbox.password_encrypted != "")


class MailboxRefused(Refused):
    """A mailbox cannot be saved or used as asked; the message says why."""


def plaintext_hosts(session: Session) -> set[str]:
    return set(session.exec(select(PlaintextHost.host)))


def endpoints(session: Session, mailbox: Mailbox) -> tuple[Endpoint, Endpoint | None]:
    """The mailbox's SMTP server, and its IMAP server when replies are read."""
    allowed = plaintext_hosts(session)
    smtp = Endpoint("SMTP", mailbox.smtp_host, mailbox.smtp_port, mailbox.smtp_tls, mailbox.smtp_host.lower() in allowed)
    imap = None
    if mailbox.imap_host:
        imap = Endpoint("IMAP", mailbox.imap_host, mailbox.imap_port, mailbox.imap_tls,
                        mailbox.imap_host.lower() in allowed)
    return smtp, imap


def may_edit(user: User, mailbox: Mailbox) -> bool:
    """A person edits their own mailbox; only an admin edits the team's."""
    return mailbox.owner_id == user.id if mailbox.owner_id is not None else is_admin(user)


def visible_mailboxes(session: Session, user: User) -> list[Mailbox]:
    """The person's own mailboxes and the team's."""
    return list(session.exec(select(Mailbox).where(or_(Mailbox.owner_id == user.id, Mailbox.owner_id.is_(None)))
                             .order_by(Mailbox.owner_id.is_(None), Mailbox.name)))


def connected_mailboxes(session: Session, user: User) -> list[Mailbox]:
    """The mailboxes a person may send from now, their own first, then the team's: the first is
    where their pitches go out from unless they pick another."""
    return [mailbox for mailbox in visible_mailboxes(session, user) if mailbox.connected]


def check_tls_modes(session: Session, mailbox: Mailbox) -> None:
    allowed = plaintext_hosts(session)
    for label, host, mode in (("SMTP", mailbox.smtp_host, mailbox.smtp_tls), ("IMAP", mailbox.imap_host, mailbox.imap_tls)):
        if mode not in TLS_MODES:
            raise MailboxRefused(f"{label} TLS mode must be one of {', '.join(TLS_MODES)}.")
        if host and mode == "none" and host.lower() not in allowed:
            raise MailboxRefused(f"{label} without TLS is not allowed for {host}: passwords would cross the "
                                 "network in clear. Use implicit TLS or STARTTLS, or ask an admin to allow the host.")


def save_mailbox(session: Session, user: User, mailbox: Mailbox, password: str | None, key: str,
                 *, shared: bool = False) -> Mailbox:
    """Create or update a mailbox; a new password (or a first one) is encrypted, never kept in clear."""
    creating = mailbox.id is None
    if creating:
        if shared and not is_admin(user):
            raise MailboxRefused("Only an admin can set up the team's mailbox.")
        mailbox.owner_id = None if shared else user.id
    elif not may_edit(user, mailbox):
        raise MailboxRefused("You may not change this mailbox.")
    mailbox.smtp_host, mailbox.imap_host = mailbox.smtp_host.strip().lower(), mailbox.imap_host.strip().lower()
    check_tls_modes(session, mailbox)
    if password:
        mailbox.password_encrypted = encrypt_password(key, password)
    elif creating:
        raise MailboxRefused("Enter the mailbox's password.")
    if mailbox.window_end_hour <= mailbox.window_start_hour:
        raise MailboxRefused("The sending window must end after it starts.")
    if not is_zone_name(mailbox.time_zone):
        raise MailboxRefused("Choose the sending hours' time zone from the list (a place, e.g. Europe/Berlin).")
    session.add(mailbox)
    session.flush()
    audit.record(session, user, "connected_mailbox" if creating else "changed_mailbox", "mailbox", mailbox.id,
                 **{name: getattr(mailbox, name) for name in AUDITED_FIELDS}, password_changed=bool(password))
    return mailbox


def allow_plaintext(session: Session, user: User, host: str, allowed: bool) -> None:
    """An admin allows (or stops allowing) a mail host to be reached without TLS."""
    if not is_admin(user):
        raise MailboxRefused("Only an admin can allow a mail host without TLS.")
    host = host.strip().lower()
    if not host:
        raise MailboxRefused("Enter a host name.")
    row = session.get(PlaintextHost, host)
    if allowed and row is None:
        session.add(PlaintextHost(host=host, allowed_by_id=user.id))
    elif not allowed and row is not None:
        session.delete(row)
    audit.record(session, user, "allowed_plaintext_mail" if allowed else "refused_plaintext_mail",
                 "mail_plaintext_host", None, host=host)


def connect_through_provider(session: Session, user: User, provider: Provider, tokens: Tokens, key: str,
                             *, shared: bool = False) -> Mailbox:
    """The mailbox a person signed in to at their provider: a new one on the provider's servers, or the
    one they connected before with that address (its tokens replaced, its settings kept)."""
    if shared and not is_admin(user):
        raise MailboxRefused("Only an admin can set up the team's mailbox.")
    owner_id = None if shared else user.id
    mailbox = session.exec(select(Mailbox).where(
        Mailbox.owner_id == owner_id if owner_id is not None else Mailbox.owner_id.is_(None),
        Mailbox.oauth_provider == provider.name, Mailbox.email_address == tokens.email)
        .order_by(Mailbox.id)).first()
    creating = mailbox is None
    if creating:
        mailbox = Mailbox(name=f"{tokens.email} ({provider.label})"[:200], email_address=tokens.email,
                          username=tokens.email, owner_id=owner_id, oauth_provider=provider.name,
                          time_zone=user.time_zone or "UTC", copy_to_sent=False)  # the provider files it
    mailbox.smtp_host, mailbox.smtp_port, mailbox.smtp_tls = provider.smtp.host, provider.smtp.port, provider.smtp.tls
    mailbox.imap_host, mailbox.imap_port, mailbox.imap_tls = provider.imap.host, provider.imap.port, provider.imap.tls
    keep_tokens(mailbox, tokens, key)
    mailbox.is_active, mailbox.last_error, mailbox.login_refused_at = True, "", None
    session.add(mailbox)
    session.flush()
    audit.record(session, user, "connected_mailbox" if creating else "reconnected_mailbox", "mailbox", mailbox.id,
                 **{name: getattr(mailbox, name) for name in AUDITED_FIELDS}, signed_in_with=provider.label)
    return mailbox


def keep_tokens(mailbox: Mailbox, tokens: Tokens, key: str) -> None:
    """Store a provider's tokens encrypted, the refresh token where a password would be."""
    mailbox.password_encrypted = encrypt_password(key, tokens.refresh_token)
    mailbox.oauth_access_encrypted = encrypt_password(key, tokens.access_token)
    mailbox.oauth_access_expires_at = tokens.expires_at


def disconnect(session: Session, user: User, mailbox: Mailbox, settings: Mapping[str, Any]) -> str:
    """Stop the mailbox and delete its password or tokens (a Google grant handed back first); returns
    what the person must still do themselves, if anything."""
    if not may_edit(user, mailbox):
        raise MailboxRefused("You may not change this mailbox.")
    left = ""
    provider = provider_named(settings, mailbox.oauth_provider) if mailbox.oauth_provider else None
    if provider is not None and provider.revoke_url and mailbox.password_encrypted:
        try:
            revoke(provider, decrypt_password(settings.get("MAIL_KEY", ""), mailbox.password_encrypted))
        except (ProviderRefused, Refused) as error:
            left = (f"{provider.label} was not told to forget Outreach's access ({error}): remove it in the "
                    f"account's security settings.")
    elif mailbox.oauth_provider:
        left = (f"{mailbox.oauth_provider.title()} still lists Outreach among the account's apps until it is "
                "removed there.")
    mailbox.is_active, mailbox.password_encrypted, mailbox.oauth_access_encrypted = False, "", ""
    mailbox.oauth_access_expires_at = None
    session.add(mailbox)
    audit.record(session, user, "disconnected_mailbox", "mailbox", mailbox.id, email_address=mailbox.email_address)
    return left


def mailbox_login(session: Session, mailbox: Mailbox, settings: Mapping[str, Any],
                  now: datetime | None = None) -> Login:
    """How the mailbox logs in now: its password, or its provider's access token, renewed when it runs out
    (the renewed one stored for every process to use)."""
    key = settings.get("MAIL_KEY", "")
    if not mailbox.oauth_provider:
        return Login(mailbox.username, decrypt_password(key, mailbox.password_encrypted))
    now = now or utcnow()
    expires = mailbox.oauth_access_expires_at
    if mailbox.oauth_access_encrypted and expires is not None and expires - EARLY > now:
        return Login(mailbox.username, decrypt_password(key, mailbox.oauth_access_encrypted), bearer=True)
    provider = provider_named(settings, mailbox.oauth_provider)
    if provider is None:
        raise MailConnectionError("credentials", f"The mailbox signs in through {mailbox.oauth_provider.title()}, "
                                                 "which this server is no longer set up for (its client id is "
                                                 "not set): an admin sets it again, or connect another way.")
    try:
        tokens = refreshed(provider, decrypt_password(key, mailbox.password_encrypted), mailbox.email_address, now)
    except ProviderRefused as error:
        if error.withdrawn:
            mailbox.last_error = str(error)[:2000]
            session.add(mailbox)
        raise
    keep_tokens(mailbox, tokens, key)
    session.add(mailbox)
    return Login(mailbox.username, tokens.access_token, bearer=True)


def open_mailbox_imap(session: Session, mailbox: Mailbox, settings: Mapping[str, Any],
                      now: datetime | None = None) -> imaplib.IMAP4:
    """The mailbox's IMAP server, logged in with its password or access token (the caller checks that
    it has an IMAP server)."""
    _, endpoint = endpoints(session, mailbox)
    return open_imap(endpoint, mailbox_login(session, mailbox, settings, now), settings.get("MAIL_CA_FILE", ""))


def check_connection(session: Session, mailbox: Mailbox, settings: Mapping[str, Any]) -> list[tuple[str, bool, str]]:
    """Log in to SMTP, and to IMAP and open INBOX; (server, worked, what happened) for each."""
    ca_file = settings.get("MAIL_CA_FILE", "")
    smtp_endpoint, imap_endpoint = endpoints(session, mailbox)
    results, refusals = [], []
    try:
        login = mailbox_login(session, mailbox, settings)
    except MailConnectionError as error:
        mailbox.last_error = str(error)[:2000]
        login_refused(session, settings, mailbox, error, utcnow(), tell=False)  # the person sees it now
        session.add(mailbox)
        return [("SMTP", False, str(error)), ("IMAP", False, "Not tried: the mailbox could not sign in.")]
    try:
        smtp = open_smtp(smtp_endpoint, login, ca_file)
        smtp.quit()
        results.append(("SMTP", True, f"{smtp_endpoint.where}: connected and logged in."))
    except MailConnectionError as error:
        results.append(("SMTP", False, str(error)))
        refusals.append(error)
    if imap_endpoint is None:
        results.append(("IMAP", False, "No IMAP server is set: replies will not be read."))
    else:
        try:
            imap = open_imap(imap_endpoint, login, ca_file)
            try:
                select_inbox(imap, imap_endpoint)
            finally:
                close_quietly(imap)
            results.append(("IMAP", True, f"{imap_endpoint.where}: logged in and opened INBOX."))
        except MailConnectionError as error:
            results.append(("IMAP", False, str(error)))
            refusals.append(error)
        except OSError as error:  # the server went away between the steps
            results.append(("IMAP", False, f"{imap_endpoint.where}: the connection broke ({type(error).__name__})."))
        mailbox.last_error = "; ".join(message for _, worked, message in results if not worked)[:2000]
    refused = next((error for error in refusals if refuses_login(error)), None)
    if refused is not None:
        login_refused(session, settings, mailbox, refused, utcnow(), tell=False)
    elif results[0][1]:
        logged_in(session, mailbox)
    session.add(mailbox)
    return results
