"""Sign-in: the login, second-step and logout pages, the session's user, and the rules that pages
need one (and, where the team requires it, one who signs in in two steps)."""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, redirect, render_template, request, url_for
from flask import session as cookie_session
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from outreach.core import audit
from outreach.core.models import User, utcnow
from outreach.core.oauth import providers
from outreach.core.two_step import check_second_step, recovery_codes_left
from outreach.core.urls import split_url
from outreach.core.users import authenticate, end_sessions, normalise_email, user_by_email, user_for_session
from outreach.web.auth import bp
from outreach.web.auth.forms import CodeForm, LoginForm
from outreach.web.auth.throttle import SignInThrottle
from outreach.web.db import get_session
from outreach.web.provider_flow import allowing_forms_to_providers

login_manager = LoginManager()
THROTTLE_KEY = "outreach.sign_in_throttle"
csrf = CSRFProtect()

# Endpoints anyone may reach; every other page needs a signed-in user.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "auth.login_code", "auth.sign_in_with", "auth.provider_callback", "auth.forgot_password", "auth.reset_password",
                              "auth.welcome", "follow_ups.calendar_feed", "mail.opt_out_page",
                              "campaigns.shared_report", "campaigns.give_address_page", "static", "main.favicon",
                              "main.health"})
# Where a person whom the team requires to sign in in two steps may go before setting it up.
SETUP_ENDPOINTS = frozenset({"account.two_step", "account.two_step_setup", "auth.logout"})
# Between the password and the code: who, for how long (seconds), and where to go after.
PENDING = "two_step_pending"
PENDING_FOR = 300


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return user_for_session(get_session(), session_id)


def require_login():
    """Send anyone not signed in to the login page, remembering where they were going; where the
    team requires two-step sign-in, send whoever has not set it up to do so."""
    if request.endpoint is None or request.blueprint == "api":
        return None  # the 404 handler answers, and the API checks its own tokens
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None  # before current_user: a static file must not load the user from the database
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if (current_app.config["REQUIRE_TWO_STEP"] and not current_user.has_two_step
            and request.endpoint not in SETUP_ENDPOINTS):
        flash("This team signs in in two steps: set up your authenticator app to go on.", "info")
        return redirect(url_for("account.two_step_setup"))
    return None


def safe_next_url(target: str | None, default: str | None = None) -> str:
    """Only follow a `next` that stays on this site; otherwise go to `default` (the home page)."""
    parts = split_url(target) if target else None  # None too for text urllib cannot parse
    # Browsers read a backslash as a slash and drop tabs and line breaks, so /\evil.example
    # and /<tab>/evil.example would leave the site as //evil.example does.
    if (parts is not None and not parts.scheme and not parts.netloc and target.isprintable()
            and "\\" not in target and target.startswith("/") and not target.startswith("//")):
        return target
    return default or url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email, address = normalise_email(form.email.data), request.remote_addr or ""
        throttle = current_app.extensions[THROTTLE_KEY]
        waiting = must_wait(throttle, email, address, "auth/login.html", form)
        if waiting:
            return waiting
        session = get_session()
        user = authenticate(session, email, form.password.data)
        if user is None:
            if throttle.failed(email, address):
                known = user_by_email(session, email)
                audit.record(session, None, "sign_in_throttled", "user", known.id if known else None,
                             email=email, address=address)
                session.commit()
            flash("Wrong email or password.", "error")
        elif user.has_two_step:
            # The password is right; the throttle keeps counting until the code is right too.
            session.rollback()
            cookie_session[PENDING] = {"user": user.get_id(), "remember": bool(form.remember.data),
                                       "next": safe_next_url(request.args.get("next")),
                                       "until": time.time() + PENDING_FOR}
            return redirect(url_for("auth.login_code"))
        else:
            signed_in(session, throttle, user, form.remember.data)
            return redirect(safe_next_url(request.args.get("next")))
    elif request.method == "POST":
        flash("Enter your email and password.", "error")
    response = current_app.make_response((render_template("auth/login.html", form=form,
                                                           providers=providers(current_app.config)),
                                           200 if request.method == "GET" else 400))
    return allowing_forms_to_providers(response)


def signed_in(session, throttle: SignInThrottle, user: User, remember: bool, **details) -> None:
    """The person is in: the account's failures forgotten, the session started, audited; commits."""
    throttle.succeeded(user.email)
    login_user(user, remember=remember)
    audit.record(session, user, "signed_in", "user", user.id, **details)
    session.commit()


def must_wait(throttle: SignInThrottle, email: str, address: str, template: str, form):
    """The 429 page while this account or address has failed too often, else None."""
    wait = throttle.wait(email, address)
    if not wait:
        return None
    flash(f"Too many failed sign-ins for this account or from this address. Try again in "
          f"{-(-wait // 60)} minutes.", "error")
    return render_template(template, form=form), 429, {"Retry-After": str(wait)}


def remembered() -> bool:
    """Whether this browser keeps a "keep me signed in" cookie, to keep it when sessions end."""
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def pending_user() -> tuple[User, dict] | None:
    """The person who gave their password in the last few minutes and owes the code, if any."""
    pending = cookie_session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("until"), (int, float)):
        return None
    if pending["until"] < time.time():
        cookie_session.pop(PENDING, None)
        return None
    # The session generation is in the id: signing out everywhere ends a half sign-in too.
    user = user_for_session(get_session(), str(pending.get("user", "")))
    return (user, pending) if user is not None and user.has_two_step else None


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step: a code from the authenticator app, or a recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    found = pending_user()
    if found is None:
        flash("Sign in again: the code is asked for within five minutes of the password.", "error")
        return redirect(url_for("auth.login"))
    user, pending = found
    form = CodeForm()
    if form.validate_on_submit():
        address = request.remote_addr or ""
        throttle = current_app.extensions[THROTTLE_KEY]
        waiting = must_wait(throttle, user.email, address, "auth/code.html", form)
        if waiting:
            return waiting
        session = get_session()
        how = check_second_step(session, user, form.code.data, key=current_app.config["SECRET_KEY"])
        if how is None:
            session.rollback()
            if throttle.failed(user.email, address):
                audit.record(session, None, "sign_in_throttled", "user", user.id, email=user.email, address=address)
                session.commit()
            form.code.errors.append("That code is not right, or was used already. Try the newest code.")
        else:
            cookie_session.pop(PENDING, None)
            user.last_login_at = utcnow()  # the password's check set it only for those without a second step
            signed_in(session, throttle, user, pending.get("remember", False), second_step=how)
            if how == "recovery code":
                left = recovery_codes_left(session, user)
                flash(f"You signed in with a recovery code; {left} are left. Make new ones on your "
                      "account's two-step page if you are running short.", "warning" if left <= 3 else "info")
            return redirect(safe_next_url(pending.get("next")))
    elif request.method == "POST":
        form.code.errors.append("Enter the code.")
    return render_template("auth/code.html", form=form), 200 if not form.errors else 400


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # Every session of this person ends, so a cookie copied before cannot outlive it.
        session = get_session()
        end_sessions(session, current_user)
        audit.record(session, current_user, "signed_out", "user", current_user.id)
        session.commit()
    logout_user()
    cookie_session.pop(PENDING, None)
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


def init_login(app: Flask) -> None:
    """Sign-in, its throttle, and CSRF protection for every page; the API checks its own tokens."""
    login_manager.init_app(app)
    app.extensions[THROTTLE_KEY] = SignInThrottle(app.config["SIGN_IN_THROTTLE_STORAGE"])
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    app.before_request(require_login)
