"""My follow-ups: the signed-in person's due, overdue and upcoming follow-ups across campaigns,
each marked done or snoozed from the list."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField
from wtforms.validators import NumberRange, Optional

from outreach.core.errors import Refused
from outreach.core.follow_ups import MAX_SNOOZE_DAYS, count_due, due_follow_ups, finish_follow_up, snooze_follow_up
from outreach.web.campaigns.queries import get_entry_or_404
from outreach.web.db import get_session
from outreach.web.follow_ups import bp
from outreach.web.viewer_time import viewer_today

UPCOMING_DAYS = (7, 14, 30)


class SnoozeForm(FlaskForm):
    """Snooze by a number of days (the 1 day and 1 week buttons) or to a date picked."""

    days = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_SNOOZE_DAYS)])
    until = DateField("Snooze to", validators=[Optional()])


@bp.route("/")
def index():
    today = viewer_today()
    days = request.args.get("days", 14, type=int)
    days = days if days in UPCOMING_DAYS else 14
    session = get_session()
    items = due_follow_ups(session, current_user.id, today)
    upcoming = due_follow_ups(session, current_user.id, today + timedelta(days=days), after=today)
    return render_template("follow_ups/index.html", items=items, upcoming=upcoming, today=today, days=days,
                           choices=UPCOMING_DAYS, tomorrow=today + timedelta(days=1))


@bp.route("/<int:entry_id>/done", methods=["POST"])
def done(entry_id: int):
    session = get_session()
    entry = get_entry_or_404(session, entry_id, current_user)
    try:
        finish_follow_up(session, current_user, entry)
    except Refused as error:
        session.rollback()
        flash(str(error), "error")
    else:
        session.commit()
        flash("Follow-up done.", "success")
    return redirect(url_for("follow_ups.index"))


@bp.route("/<int:entry_id>/snooze", methods=["POST"])
def snooze(entry_id: int):
    session = get_session()
    entry = get_entry_or_404(session, entry_id, current_user)
    form = SnoozeForm()
    today = viewer_today()
    until = form.until.data if form.validate_on_submit() and form.until.data else None
    if until is None and form.days.data and not form.errors:
        until = today + timedelta(days=form.days.data)
    if until is None:
        flash("Pick the day to snooze to.", "error")
        return redirect(url_for("follow_ups.index"))
    try:
        snooze_follow_up(session, current_user, entry, until, today)
    except Refused as error:
        session.rollback()
        flash(str(error), "error")
    else:
        session.commit()
        flash(f"Snoozed to {until:%Y-%m-%d}.", "success")
    return redirect(url_for("follow_ups.index"))


@bp.app_context_processor
def inject_due_count():
    """The menu's badge, on every page."""
    if not current_user.is_authenticated:
        return {}
    return {"due_follow_up_count": count_due(get_session(), current_user.id, viewer_today())}
