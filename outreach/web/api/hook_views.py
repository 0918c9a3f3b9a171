"""The team's event hooks from scripts (admins): list them, subscribe an address to events (the
REST-hooks way automation services connect), change or pause one, and unsubscribe it."""

from __future__ import annotations

from flask import current_app, g
from sqlmodel import select

from outreach.core.access import is_admin
from outreach.core.event_hooks import pause_hook, remove_hook, save_hook
from outreach.core.models import EventHook
from outreach.core.monitors import webhook_secret
from outreach.web.api.http import ApiError, dump, dump_list, parse_body
from outreach.web.api.queries import get_or_404
from outreach.web.api.schemas import HookCreate, HookOut, HookSecretOut, HookUpdate
from outreach.web.api.spec import operation
from outreach.web.db import get_session


def refuse_unless_admin() -> None:
    if not is_admin(g.api_user):
        raise ApiError(403, "Event hooks are set up by admins.")


@operation("GET", "/hooks", "The team's event hooks (admins)", response=HookOut, list_response=True, errors=(403,))
def list_hooks():
    refuse_unless_admin()
    return dump_list(HookOut, get_session().exec(select(EventHook).order_by(EventHook.name)))


@operation("POST", "/hooks", "Subscribe an address to pipeline events (admins); the answer carries the secret "
           "that signs them", body=HookCreate, response=HookSecretOut, status=201, errors=(403,))
def create_hook():
    refuse_unless_admin()
    data = parse_body(HookCreate)
    session = get_session()
    key = current_app.config.get("MAIL_KEY") or ""
    hook = save_hook(session, g.api_user, None, name=data.name, url=data.url, events=data.events, key=key)
    session.commit()
    shown = HookOut.model_validate(hook).model_dump()
    return dump(HookSecretOut, {**shown, "secret": webhook_secret(hook, key)}, 201)


@operation("PATCH", "/hooks/<int:hook_id>", "Change a hook's name, address or events, or pause or resume it "
           "(admins); only what is given", body=HookUpdate, response=HookOut, errors=(403,))
def update_hook(hook_id: int):
    refuse_unless_admin()
    hook = get_or_404(EventHook, hook_id, "hook")
    data = parse_body(HookUpdate)
    session = get_session()
    if (data.name, data.url, data.events) != (None, None, None):
        save_hook(session, g.api_user, hook, name=data.name or hook.name, url=data.url or hook.webhook_url,
                  events=data.events or hook.events, key=current_app.config.get("MAIL_KEY") or "")
    if data.paused is not None:
        pause_hook(session, g.api_user, hook, data.paused)
    session.commit()
    return dump(HookOut, hook)


@operation("DELETE", "/hooks/<int:hook_id>", "Unsubscribe: remove a hook with what it had waiting (admins)",
           response=HookOut, errors=(403,))
def delete_hook(hook_id: int):
    refuse_unless_admin()
    hook = get_or_404(EventHook, hook_id, "hook")
    shown = HookOut.model_validate(hook)
    session = get_session()
    remove_hook(session, g.api_user, hook)
    session.commit()
    return dump(HookOut, shown)
