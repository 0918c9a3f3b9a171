"""The team's event hooks: addresses its own tools (a chat channel, a CRM, an automation service)
are told at of what happens in the pipeline. An event is queued in the same transaction as the
change it tells of, so a change rolled back is never announced; the scheduler delivers it signed,
as it delivers the monitors' mentions (outreach.jobs.webhooks)."""

from __future__ import annotations

import secrets
from typing import Any

from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.errors import Refused
from outreach.core.models import Blogger, Campaign, EventHook, PipelineEntry, User, WebhookDelivery, limits_of, utcnow
from outreach.core.monitors import seal_webhook_secret
from outreach.core.urls import BadUrl, normalise_url

# What a hook may be told of, with what a person reads when choosing.
EVENTS = {
    "entry.added": "A blogger is shortlisted into a campaign",
    "reply.received": "A blogger's reply arrives (read from a mailbox, or logged by hand)",
    "entry.moved": "A card moves to another stage",
    "coverage.confirmed": "Coverage is confirmed",
    "email.sent": "An email from the app is sent",
    "address.given": "A blogger gives the address a sample goes to",
    "mention.found": "A monitor finds a mention of a brand",
}
TEST_EVENT = "hook.test"  # what "Send a test" queues: any hook receives it
MAX_HOOKS = 20
EVENT_TEXT = 2_000  # of a reply's text: enough for a chat message, the whole is in the app
_CACHE = "event_hooks"  # session.info: the hooks and their events, read once a session


class HookError(Refused):
    """A hook cannot be saved as asked; the message says why."""


def save_hook(session: Session, user: User, hook: EventHook | None, *, name: str, url: str, events: list[str],
              key: str = "") -> EventHook:
    """Add a hook (hook None: with a new secret) or change one; the caller commits."""
    name = " ".join((name or "").split())
    if not name or len(name) > limits_of(EventHook, "name").max_length:
        raise HookError("A hook needs a name of at most 200 characters.")
    try:
        url = normalise_url(url)
    except BadUrl as error:
        raise HookError(f"The hook's address: {error}.") from None
    if len(url) > limits_of(EventHook, "webhook_url").max_length:  # normalise_url took only http(s)
        raise HookError("The hook's address must be an http(s) address of at most 2,048 characters.")
    chosen = [event for event in EVENTS if event in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise HookError(f"Choose what the hook is told of, among: {', '.join(EVENTS)}.")
    created = hook is None
    if created:
        if len(session.exec(select(EventHook.id)).all()) >= MAX_HOOKS:
            raise HookError(f"A team has at most {MAX_HOOKS} hooks: remove one first.")
        hook = EventHook(name=name, webhook_url=url, created_by_id=user.id,
                         webhook_secret=seal_webhook_secret(secrets.token_urlsafe(32), key))
    hook.name, hook.webhook_url, hook.events = name, url, chosen
    hook.webhook_secret = seal_webhook_secret(hook.webhook_secret, key)
    session.add(hook)
    session.flush()
    session.info.pop(_CACHE, None)
    audit.record(session, user, "created_hook" if created else "edited_hook", "event_hook", hook.id, name=name,
                 events=chosen)
    return hook


def new_secret(session: Session, user: User, hook: EventHook, key: str = "") -> None:
    """A new signing secret: the receiver must be given it before the next delivery is trusted."""
    hook.webhook_secret = seal_webhook_secret(secrets.token_urlsafe(32), key)
    session.add(hook)
    audit.record(session, user, "new_hook_secret", "event_hook", hook.id)


def pause_hook(session: Session, user: User, hook: EventHook, paused: bool) -> bool:
    """Pause a hook (told of nothing meanwhile; what waits is held) or resume it; False when it
    already was so. The caller commits."""
    if (hook.paused_at is not None) == paused:
        return False
    hook.paused_at = utcnow() if paused else None
    session.add(hook)
    session.info.pop(_CACHE, None)
    audit.record(session, user, "paused_hook" if paused else "resumed_hook", "event_hook", hook.id, name=hook.name)
    return True


def remove_hook(session: Session, user: User, hook: EventHook) -> None:
    """Remove a hook with its deliveries still waiting; the caller commits."""
    audit.record(session, user, "deleted_hook", "event_hook", hook.id, name=hook.name)
    session.delete(hook)
    session.info.pop(_CACHE, None)


def send_test(session: Session, user: User, hook: EventHook) -> WebhookDelivery:
    """Queue a test event to the hook, to check the receiver gets and verifies it."""
    delivery = WebhookDelivery(hook_id=hook.id, event=TEST_EVENT,
                               payload=envelope(TEST_EVENT, {"hook": {"id": hook.id, "name": hook.name},
                                                             "sent_by": user.email}))
    session.add(delivery)
    session.flush()
    return delivery


def envelope(event: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"event": event, "at": utcnow().isoformat(), "data": data}


def subscribed(session: Session, event: str) -> list[int]:
    """The ids of the hooks told of this event (the hooks are read once a session)."""
    hooks = session.info.get(_CACHE)
    if hooks is None:
        # Not flushing the caller's change here: a stale card must fail at its commit, as a StaleEntryError.
        with session.no_autoflush:
            hooks = session.info[_CACHE] = [(hook_id, tuple(events)) for hook_id, events in session.exec(
                select(EventHook.id, EventHook.events).where(EventHook.paused_at.is_(None)))]
    return [hook_id for hook_id, events in hooks if event in events]


def emit(session: Session, event: str, data: dict[str, Any], *, blogger_id: int | None = None,
         mention_id: int | None = None) -> None:
    """Queue the event for every hook told of it, in the caller's transaction; `blogger_id` names
    whom it tells of (forgetting them takes what is queued)."""
    hook_ids = subscribed(session, event)
    if hook_ids:
        session.add_all(WebhookDelivery(hook_id=hook_id, event=event, payload=envelope(event, data),
                                        blogger_id=blogger_id, mention_id=mention_id) for hook_id in hook_ids)


def person(user: User | None) -> dict[str, Any] | None:
    """Who did it, as an event names them."""
    return None if user is None else {"id": user.id, "name": user.display_name, "email": user.email}


def emit_for_entry(session: Session, event: str, entry: PipelineEntry, **data: Any) -> None:
    """An event of a campaign entry, with its campaign and blogger named."""
    if not subscribed(session, event):
        return
    with session.no_autoflush:
        campaign = session.get(Campaign, entry.campaign_id)
        blogger = session.get(Blogger, entry.blogger_id)
    emit(session, event, {"campaign": {"id": campaign.id, "name": campaign.name}, "entry_id": entry.id,
                          "blogger": {"id": blogger.id, "name": blogger.name}, **data}, blogger_id=blogger.id)
