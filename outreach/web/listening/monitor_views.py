"""Brand monitors: listed with what they found, created, changed, removed; watching them."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core.access import can_manage
from outreach.core.mentions import contact_speed
from outreach.core.models import Monitor, MonitorWatcher, User
from outreach.core.monitors import MonitorError, delete_monitor, save_monitor, watcher_ids, webhook_secret
from outreach.web.access import require
from outreach.web.db import get_session
from outreach.web.forms import options
from outreach.web.listening import bp
from outreach.web.listening.forms import MonitorForm
from outreach.web.listening.queries import get_monitor_or_404, monitor_counts


@bp.route("/monitors/")
def monitors():
    session = get_session()
    rows = session.exec(select(Monitor).order_by(Monitor.name)).all()
    watching = set(session.exec(select(MonitorWatcher.monitor_id).where(MonitorWatcher.user_id == current_user.id)))
    speeds = {monitor.id: contact_speed(session, monitor.id) for monitor in rows}
    return render_template("listening/monitors.html", monitors=rows, counts=monitor_counts(session),
                           watching=watching, speeds=speeds)


def monitor_form(session, monitor: Monitor | None) -> MonitorForm:
    form = MonitorForm(obj=monitor)
    form.watcher_ids.choices = options((user.id, user.display_name) for user in
                                       session.exec(select(User).where(User.is_active).order_by(User.email)))
    if request.method == "GET":
        form.terms.data = ", ".join(monitor.terms) if monitor else ""
        form.exclusions.data = ", ".join(monitor.exclusions) if monitor else ""
        form.watcher_ids.data = watcher_ids(session, monitor.id) if monitor else [current_user.id]
    return form


@bp.route("/monitors/new", methods=["GET", "POST"])
@bp.route("/monitors/<int:monitor_id>/edit", methods=["GET", "POST"])
@require(can_manage)
def edit_monitor(monitor_id: int | None = None):
    session = get_session()
    monitor = get_monitor_or_404(session, monitor_id) if monitor_id else None
    form = monitor_form(session, monitor)
    if form.validate_on_submit():
        try:
            saved = save_monitor(session, current_user, monitor, name=form.name.data, terms=form.terms.data,
                                 exclusions=form.exclusions.data or "", webhook_url=form.webhook_url.data or "",
                                 quiet=form.quiet.data, watcher_ids=form.watcher_ids.data or [],
                                 key=current_app.config.get("MAIL_KEY") or "")
            session.commit()
        except MonitorError as error:
            session.rollback()
            form.terms.errors.append(str(error).capitalize())
        else:
            flash(f"Monitor {saved.name!r} saved: mentions in earlier posts are looked for within a minute.",
                  "success")
            return redirect(url_for("listening.monitors"))
    status = 400 if form.errors else 200
    secret = webhook_secret(monitor, current_app.config.get("MAIL_KEY") or "") if monitor else None
    return render_template("listening/monitor_form.html", form=form, monitor=monitor, secret=secret), status


@bp.route("/monitors/<int:monitor_id>/delete", methods=["POST"])
@require(can_manage)
def remove_monitor(monitor_id: int):
    session = get_session()
    monitor = get_monitor_or_404(session, monitor_id)
    name = monitor.name
    delete_monitor(session, current_user, monitor)
    session.commit()
    flash(f"Monitor {name!r} removed, with its mentions.", "success")
    return redirect(url_for("listening.monitors"))


@bp.route("/monitors/<int:monitor_id>/watch", methods=["POST"])
def watch(monitor_id: int):
    """Start or stop watching a monitor: anyone may, for themselves."""
    session = get_session()
    monitor = get_monitor_or_404(session, monitor_id)
    row = session.get(MonitorWatcher, (monitor.id, current_user.id))
    if row is None:
        session.add(MonitorWatcher(monitor_id=monitor.id, user_id=current_user.id))
        flash(f"You watch {monitor.name!r}: its new mentions reach you.", "success")
    else:
        session.delete(row)
        flash(f"You no longer watch {monitor.name!r}.", "info")
    session.commit()
    return redirect(url_for("listening.monitors"))
