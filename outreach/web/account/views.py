"""The signed-in person's own settings: personal API tokens, the password, emails, the time zone."""

from __future__ import annotations

from flask import current_app, flash, render_template, url_for
from flask_login import current_user, login_user
from werkzeug.utils import redirect

from outreach.core import audit
from outreach.core.access import can_manage
from outreach.core.tokens import create_token, revoke_token, user_tokens
from outreach.core.users import password_matches, set_password
from outreach.web.account import bp
from outreach.web.account.forms import EmailsForm, PasswordForm, TimeZoneForm, TokenForm
from outreach.web.account.queries import get_own_token_or_404
from outreach.web.auth.views import remembered
from outreach.web.db import get_session


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    session = get_session()
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        token, new_token = create_token(session, current_user, form.name.data)
        audit.record(session, current_user, "created_token", "api_token", token.id, name=token.name)
        session.commit()
        form.name.data = ""
    status = 400 if form.errors else 200
    return render_template("account/tokens.html", form=form, tokens=user_tokens(session, current_user.id),
                           new_token=new_token), status


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
def revoke(token_id: int):
    session = get_session()
    token = get_own_token_or_404(session, token_id, current_user)
    revoke_token(session, token)
    audit.record(session, current_user, "revoked_token", "api_token", token.id)
    session.commit()
    flash(f"Token {token.name!r} revoked.", "success")
    return redirect(url_for("account.tokens"))


@bp.route("/password", methods=["GET", "POST"])
def password():
    session = get_session()
    form = PasswordForm()
    if form.validate_on_submit():
        if not password_matches(current_user, form.current.data):
            form.current.errors.append("That is not your current password.")
        else:
            user = current_user._get_current_object()
            set_password(session, user, form.new.data)
            audit.record(session, user, "set_password", "user", user.id)
            session.commit()
            session.refresh(user)
            # Every session ended with the old password; this one goes on with the new generation.
            login_user(user, remember=remembered())
            flash("Your password is changed, and every other session of yours has ended.", "success")
            return redirect(url_for("account.tokens"))
    status = 400 if form.errors else 200
    return render_template("account/password.html", form=form), status


@bp.route("/emails", methods=["GET", "POST"])
def emails():
    """Which of the app's emails the person gets; the app shows the same either way."""
    session = get_session()
    user = current_user._get_current_object()
    form = EmailsForm(obj=user)
    if form.validate_on_submit():
        audit.record(session, user, "chose_emails", "user", user.id, digest=form.email_digest.data,
                     alerts=form.email_alerts.data, weekly_report=form.email_weekly_report.data)
        user.email_digest, user.email_alerts = form.email_digest.data, form.email_alerts.data
        if can_manage(user):  # staff are not shown the choice: a form without it keeps theirs
            user.email_weekly_report = form.email_weekly_report.data
        session.add(user)
        session.commit()
        flash("Saved: you get the emails you ticked.", "success")
        return redirect(url_for("account.emails"))
    status = 400 if form.errors else 200
    return render_template("account/emails.html", form=form, manages=can_manage(user),
                           sends_email=bool(current_app.config.get("SMTP_HOST"))), status


@bp.route("/time-zone", methods=["GET", "POST"])
def time_zone():
    """The zone the person's pages show times in and read the times they enter in."""
    session = get_session()
    user = current_user._get_current_object()
    form = TimeZoneForm(obj=user)
    if form.validate_on_submit():
        audit.record(session, user, "chose_time_zone", "user", user.id, time_zone=form.time_zone.data,
                     was=user.time_zone)
        user.time_zone = form.time_zone.data
        session.add(user)
        session.commit()
        flash(f"Saved: times show on the clock of {user.time_zone}.", "success")
        return redirect(url_for("account.time_zone"))
    status = 400 if form.errors else 200
    return render_template("account/time_zone.html", form=form), status
