"""Brand monitors: created, changed and removed by people, each with its watchers."""

from __future__ import annotations

import secrets

from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.errors import Refused
from outreach.core.mail.secrets import MailKeyMissing, MailKeyWrong, decrypt_password, encrypt_password
from outreach.core.matching import MonitorTerms, fold
from outreach.core.models import EventHook, Monitor, MonitorWatcher, User, limits_of
from outreach.core.terms import split_terms
from outreach.core.urls import BadUrl, normalise_url

MAX_TERMS = 50
MAX_TERM_LENGTH = 200


class MonitorError(Refused):
    """A monitor cannot be created or changed as asked; the message says why."""


def clean_terms(text: str | list[str], what: str) -> list[str]:
    """Comma-separated phrases, each with letters or digits in it and of a sensible length."""
    terms = split_terms(text) if isinstance(text, str) else split_terms(",".join(text))
    if len(terms) > MAX_TERMS:
        raise MonitorError(f"at most {MAX_TERMS} {what}")
    for term in terms:
        if len(term) > MAX_TERM_LENGTH or not any(char.isalnum() for char in fold(term)):
            raise MonitorError(f"{what[:-1]} {term[:40]!r} needs letters or digits, and at most "
                               f"{MAX_TERM_LENGTH} characters")
    return terms


# A webhook secret is stored sealed under OUTREACH_MAIL_KEY (the key every process that sends
# already shares) when one is set, so that a copy of the database cannot forge deliveries; one
# stored readable before is sealed when the monitor is next saved or delivers.
SEALED = "sealed:"


def seal_webhook_secret(secret: str, key: str) -> str:
    """The secret as it is stored: sealed when there is a key, else as it is."""
    return SEALED + encrypt_password(key, secret) if key and not secret.startswith(SEALED) else secret


def webhook_secret(owner: Monitor | EventHook, key: str) -> str | None:
    """The secret a monitor's (or a hook's) deliveries are signed with; None when it is sealed and this
    process has no key, or another."""
    stored = owner.webhook_secret
    if not stored.startswith(SEALED):
        return stored
    try:
        return decrypt_password(key, stored[len(SEALED):])
    except (MailKeyMissing, MailKeyWrong):
        return None


def save_monitor(session: Session, user: User, monitor: Monitor | None, *, name: str, terms, exclusions=(),
                 webhook_url: str = "", quiet: bool = False, watcher_ids: list[int] = (), key: str = "") -> Monitor:
    """Create a monitor (monitor None) or change one, its webhook secret sealed under `key` (the mail
    key) when there is one; the caller commits."""
    name = " ".join((name or "").split())
    if not name or len(name) > limits_of(Monitor, "name").max_length:
        raise MonitorError("a monitor needs a name of at most 200 characters")
    clash = session.exec(select(Monitor).where(Monitor.name == name)).first()
    if clash is not None and clash is not monitor:
        raise MonitorError(f"a monitor named {name!r} already exists")
    terms, exclusions = clean_terms(terms, "terms"), clean_terms(exclusions, "exclusions")
    if not terms:
        raise MonitorError("a monitor needs at least one term: the brand's name, a product, a phrase")
    webhook_url = (webhook_url or "").strip()
    if webhook_url:
        try:
            webhook_url = normalise_url(webhook_url)
        except BadUrl as error:
            raise MonitorError(f"the webhook address: {error}") from None
    created = monitor is None
    if created:
        monitor = Monitor(name=name, created_by_id=user.id,
                          webhook_secret=seal_webhook_secret(secrets.token_urlsafe(32), key))
    elif (monitor.terms, monitor.exclusions) != (terms, exclusions):
        monitor.scanned_at = None  # the scheduler looks back again for what the new terms find
    monitor.name, monitor.terms, monitor.exclusions = name, terms, exclusions
    monitor.webhook_url, monitor.quiet = webhook_url, bool(quiet)
    monitor.webhook_secret = seal_webhook_secret(monitor.webhook_secret, key)
    session.add(monitor)
    session.flush()
    set_watchers(session, monitor, list(watcher_ids) or ([user.id] if created else None))
    audit.record(session, user, "created_monitor" if created else "edited_monitor", "monitor", monitor.id,
                 name=name, terms=terms)
    return monitor


def set_watchers(session: Session, monitor: Monitor, user_ids: list[int] | None) -> None:
    """Make exactly these users the monitor's watchers (None leaves them as they are)."""
    if user_ids is None:
        return
    current = {row.user_id: row for row in session.exec(
        select(MonitorWatcher).where(MonitorWatcher.monitor_id == monitor.id))}
    for user_id in set(user_ids) - current.keys():
        session.add(MonitorWatcher(monitor_id=monitor.id, user_id=user_id))
    for user_id in current.keys() - set(user_ids):
        session.delete(current[user_id])


def watcher_ids(session: Session, monitor_id: int) -> list[int]:
    return list(session.exec(select(MonitorWatcher.user_id).where(MonitorWatcher.monitor_id == monitor_id)))


def delete_monitor(session: Session, user: User, monitor: Monitor) -> None:
    """Remove a monitor with its mentions and queued webhooks; the caller commits."""
    audit.record(session, user, "deleted_monitor", "monitor", monitor.id, name=monitor.name)
    session.delete(monitor)


def active_monitor_terms(session: Session) -> list[MonitorTerms]:
    """What the matcher needs of every active monitor."""
    return [MonitorTerms(monitor.id, tuple(monitor.terms), tuple(monitor.exclusions))
            for monitor in session.exec(select(Monitor).where(Monitor.is_active).order_by(Monitor.id))]
