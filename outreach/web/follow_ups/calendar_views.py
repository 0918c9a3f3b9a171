"""My follow-ups in my calendar app: a private feed address to subscribe to, made and stopped here."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from outreach.core import audit
from outreach.core.calendar_feed import follow_up_calendar, new_calendar_token, stop_calendar, user_for_calendar_token
from outreach.core.time_zones import today_in
from outreach.web.db import get_session
from outreach.web.follow_ups import bp


@bp.route("/calendar/<token>.ics")
def calendar_feed(token: str):
    """The feed a calendar app reads: the address is the credential, as with a shared calendar."""
    session = get_session()
    user = user_for_calendar_token(session, token)
    if user is None:
        abort(404)  # the same for a stopped, a mistyped and a made-up address
    body = follow_up_calendar(session, user, today_in(user.time_zone), current_app.config)
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": 'inline; filename="outreach-follow-ups.ics"', "Cache-Control": "private, no-cache"})


@bp.route("/calendar", methods=["POST"])
def make_calendar():
    """A new private address; the one before stops working."""
    session = get_session()
    user = current_user._get_current_object()
    token = new_calendar_token(session, user)
    audit.record(session, user, "made_calendar_address", "user", user.id)
    session.commit()
    address = url_for("follow_ups.calendar_feed", token=token, _external=True)
    return render_template("follow_ups/calendar.html", address=address)


@bp.route("/calendar/stop", methods=["POST"])
def stop_calendar_feed():
    session = get_session()
    user = current_user._get_current_object()
    if user.calendar_token_hash:
        stop_calendar(session, user)
        audit.record(session, user, "stopped_calendar_address", "user", user.id)
        session.commit()
        flash("Your calendar address is stopped: calendar apps get nothing from it any more.", "success")
    return redirect(url_for("follow_ups.index"))
