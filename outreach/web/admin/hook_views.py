"""The team's event hooks (admins): add, change, pause or remove one, send it a test, give it a
new secret, and see what was delivered and what failed."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import defer
from sqlmodel import select

from outreach.core.access import is_admin
from outreach.core.event_hooks import HookError, new_secret, pause_hook, remove_hook, save_hook, send_test
from outreach.core.models import EventHook, WebhookDelivery
from outreach.core.monitors import webhook_secret
from outreach.web.access import require
from outreach.web.admin import bp
from outreach.web.admin.forms import HookForm
from outreach.web.db import get_or_404, get_session

RECENT = 30  # deliveries shown


def hooks_page(form: HookForm, editing: EventHook | None = None, status: int = 200):
    session = get_session()
    hooks = session.exec(select(EventHook).order_by(EventHook.name)).all()
    key = current_app.config.get("MAIL_KEY") or ""
    deliveries = session.exec(select(WebhookDelivery).options(defer(WebhookDelivery.payload))
                              .where(WebhookDelivery.hook_id.is_not(None))
                              .order_by(WebhookDelivery.id.desc()).limit(RECENT)).all()
    return render_template("admin/hooks.html", form=form, hooks=hooks, editing=editing,
                           secrets={hook.id: webhook_secret(hook, key) for hook in hooks},
                           names={hook.id: hook.name for hook in hooks}, deliveries=deliveries,
                           paused={hook.id for hook in hooks if hook.paused_at}), status


@bp.route("/admin/hooks", methods=["GET", "POST"])
@bp.route("/admin/hooks/<int:hook_id>/edit", methods=["GET", "POST"])
@require(is_admin)
def hooks(hook_id: int | None = None):
    session = get_session()
    hook = get_or_404(session, EventHook, hook_id) if hook_id else None
    form = HookForm(obj=hook, url=hook.webhook_url) if hook else HookForm()
    if form.validate_on_submit():
        try:
            saved = save_hook(session, current_user, hook, name=form.name.data, url=form.url.data,
                              events=form.events.data, key=current_app.config.get("MAIL_KEY") or "")
            session.commit()
        except HookError as error:
            session.rollback()
            form.url.errors.append(str(error))
        else:
            flash(f"Hook {saved.name!r} saved: it is told of {', '.join(saved.events)}.", "success")
            return redirect(url_for("admin.hooks") + f"#hook-{saved.id}")
    return hooks_page(form, hook, 400 if form.errors else 200)


@bp.route("/admin/hooks/<int:hook_id>/test", methods=["POST"])
@require(is_admin)
def test_hook(hook_id: int):
    session = get_session()
    hook = get_or_404(session, EventHook, hook_id)
    send_test(session, current_user, hook)
    session.commit()
    flash(f"A test event is on its way to {hook.name!r}: it goes within a minute, and shows below.", "success")
    return redirect(url_for("admin.hooks") + "#deliveries")


@bp.route("/admin/hooks/<int:hook_id>/pause", methods=["POST"], defaults={"paused": True})
@bp.route("/admin/hooks/<int:hook_id>/resume", methods=["POST"], defaults={"paused": False})
@require(is_admin)
def pause_event_hook(hook_id: int, paused: bool):
    session = get_session()
    hook = get_or_404(session, EventHook, hook_id)
    if pause_hook(session, current_user, hook, paused):
        session.commit()
    if paused:
        flash(f"{hook.name!r} is paused: it is told of nothing until it is resumed, and what was on its way "
              "waits (a test still goes).", "success")
    else:
        flash(f"{hook.name!r} is resumed: what waited goes within a minute.", "success")
    return redirect(url_for("admin.hooks") + f"#hook-{hook.id}")


@bp.route("/admin/hooks/<int:hook_id>/secret", methods=["POST"])
@require(is_admin)
def renew_hook_secret(hook_id: int):
    session = get_session()
    hook = get_or_404(session, EventHook, hook_id)
    new_secret(session, current_user, hook, current_app.config.get("MAIL_KEY") or "")
    session.commit()
    flash(f"{hook.name!r} has a new secret: give it to the receiver, which should refuse the old one now.",
          "success")
    return redirect(url_for("admin.hooks") + f"#hook-{hook.id}")


@bp.route("/admin/hooks/<int:hook_id>/remove", methods=["POST"])
@require(is_admin)
def remove_event_hook(hook_id: int):
    session = get_session()
    hook = get_or_404(session, EventHook, hook_id)
    name = hook.name
    remove_hook(session, current_user, hook)
    session.commit()
    flash(f"Hook {name!r} removed, with what it had waiting.", "success")
    return redirect(url_for("admin.hooks"))
