"""Two-step sign-in on the person's own account: set it up, make new recovery codes, turn it off."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask import session as cookie_session
from flask_login import current_user, login_user

from outreach.core import audit
from outreach.core.two_step import (
    TwoStepError,
    check_second_step,
    new_recovery_codes,
    new_secret,
    recovery_codes_left,
    setup_qr,
    spaced,
    turn_off,
    turn_on,
)
from outreach.core.users import end_sessions, password_matches
from outreach.web.account import bp
from outreach.web.account.two_step_forms import RecoveryCodesForm, SetupForm, TurnOffForm
from outreach.web.auth.views import remembered
from outreach.web.db import get_session

# The secret being set up lives in the signed session cookie until the app proves it has it.
SETUP = "two_step_setup"


@bp.route("/two-step")
def two_step():
    """Whether the person signs in in two steps, and what they can do about it."""
    session = get_session()
    left = recovery_codes_left(session, current_user) if current_user.has_two_step else 0
    return render_template("account/two_step.html", left=left, codes_form=RecoveryCodesForm(),
                           off_form=TurnOffForm(), required=current_app.config["REQUIRE_TWO_STEP"])


@bp.route("/two-step/setup", methods=["GET", "POST"])
def two_step_setup():
    if current_user.has_two_step:
        return redirect(url_for("account.two_step"))
    secret = cookie_session.get(SETUP)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = cookie_session[SETUP] = new_secret()
    form = SetupForm()
    if form.validate_on_submit():
        session = get_session()
        user = current_user._get_current_object()
        if not password_matches(user, form.password.data):
            form.password.errors.append("That is not your password.")
        else:
            try:
                codes = turn_on(session, user, secret, form.code.data, key=current_app.config["SECRET_KEY"])
            except TwoStepError as error:
                form.code.errors.append(str(error).capitalize() + ".")
            else:
                # A session opened with the password alone (someone who knew it) ends here.
                end_sessions(session, user)
                audit.record(session, user, "turned_on_two_step", "user", user.id)
                session.commit()
                session.refresh(user)
                cookie_session.pop(SETUP, None)
                login_user(user, remember=remembered())
                return render_template("account/recovery_codes.html", codes=codes, first=True)
    status = 400 if form.errors else 200
    return render_template("account/two_step_setup.html", form=form, qr=setup_qr(secret, current_user.email),
                           secret=spaced(secret)), status


@bp.route("/two-step/recovery-codes", methods=["POST"])
def recovery_codes():
    """Ten new recovery codes; the old ones stop working."""
    form = RecoveryCodesForm()
    if not current_user.has_two_step:
        return redirect(url_for("account.two_step"))
    if form.validate_on_submit() and password_matches(current_user, form.password.data):
        session = get_session()
        codes = new_recovery_codes(session, current_user)
        audit.record(session, current_user, "new_recovery_codes", "user", current_user.id)
        session.commit()
        return render_template("account/recovery_codes.html", codes=codes, first=False)
    flash("New recovery codes need your password.", "error")
    return redirect(url_for("account.two_step"))


@bp.route("/two-step/off", methods=["POST"])
def two_step_off():
    form = TurnOffForm()
    if not current_user.has_two_step:
        return redirect(url_for("account.two_step"))
    if current_app.config["REQUIRE_TWO_STEP"]:
        flash("This team requires two-step sign-in: it cannot be turned off. An admin can reset it "
              "for a new phone.", "error")
        return redirect(url_for("account.two_step"))
    session = get_session()
    user = current_user._get_current_object()
    if not form.validate_on_submit() or not password_matches(user, form.password.data):
        flash("Turning two-step sign-in off needs your password and a code.", "error")
    elif check_second_step(session, user, form.code.data, key=current_app.config["SECRET_KEY"]) is None:
        session.rollback()
        flash("That code is not right, or was used already. Try the newest code.", "error")
    else:
        turn_off(session, user)
        audit.record(session, user, "turned_off_two_step", "user", user.id)
        session.commit()
        flash("Two-step sign-in is off: you sign in with your password alone.", "success")
    return redirect(url_for("account.two_step"))
