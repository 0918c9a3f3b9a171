"""Choosing a password by an emailed link: "Forgot your password?", and an admin's invitation."""

from __future__ import annotations

import logging
import threading

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from outreach.core import audit
from outreach.core.password_links import can_email_links, reset_message, user_for_token
from outreach.core.system_mail import send_messages
from outreach.core.users import normalise_email, set_password, user_by_email
from outreach.web.auth import bp
from outreach.web.auth.forms import ChoosePasswordForm, ForgotForm
from outreach.web.auth.views import THROTTLE_KEY
from outreach.web.db import get_session

log = logging.getLogger(__name__)
SENT = ("If an account has that address, an email with a link to choose a new password is on its way. "
        "The link works for an hour, once.")


@bp.route("/login/forgot", methods=["GET", "POST"])
def forgot_password():
    if current_user.is_authenticated:
        return redirect(url_for("account.password"))
    config = current_app.config
    form = ForgotForm()
    if not can_email_links(config):
        return render_template("auth/forgot.html", form=None)
    if form.validate_on_submit():
        email, address = normalise_email(form.email.data), request.remote_addr or ""
        if not current_app.extensions[THROTTLE_KEY].allow_reset(email, address):
            flash("Too many password emails were asked for this account or from this address. "
                  "Try again in an hour.", "error")
            return render_template("auth/forgot.html", form=form), 429, {"Retry-After": "3600"}
        session = get_session()
        user = user_by_email(session, email)
        if user is not None and user.is_active:
            audit.record(session, None, "asked_password_reset", "user", user.id, address=address)
            session.commit()
            # Sent beside the answer, so that a known address takes as long as an unknown one.
            threading.Thread(target=send_quietly, args=(dict(config), reset_message(config, user)),
                             daemon=True).start()
        flash(SENT, "info")
        return redirect(url_for("auth.login"))
    status = 400 if form.errors else 200
    return render_template("auth/forgot.html", form=form), status


def send_quietly(config: dict, message) -> None:
    try:
        send_messages(config, [message])
    except Exception:  # the person sees the same answer either way; the log says what failed
        log.exception("the password email to %s could not be sent", message["To"])


@bp.route("/login/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return choose_password(token, "reset")


@bp.route("/login/welcome/<token>", methods=["GET", "POST"])
def welcome(token: str):
    return choose_password(token, "invite")


def choose_password(token: str, kind: str):
    """The page an emailed link opens: a new password, which ends every session and spends the link."""
    session = get_session()
    user = user_for_token(session, current_app.config["SECRET_KEY"], token, kind)
    if user is None:
        flash("This link has expired or was used already." + (
            " Ask for a new one below." if kind == "reset" else " Ask the admin who invited you for a new one."),
            "error")
        return redirect(url_for("auth.forgot_password" if kind == "reset" else "auth.login"))
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        set_password(session, user, form.new.data)
        audit.record(session, user, "reset_password" if kind == "reset" else "accepted_invitation", "user", user.id)
        session.commit()
        flash("Your password is set. Sign in with it." + (
            " Your authenticator app's code is still asked for." if user.has_two_step else ""), "success")
        return redirect(url_for("auth.login"))
    status = 400 if form.errors else 200
    return render_template("auth/choose_password.html", form=form, user=user, kind=kind), status
