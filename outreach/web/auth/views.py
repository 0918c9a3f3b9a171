"""Sign-in: the login and logout pages, the session's user, and the rule that pages need one."""

from __future__ import annotations

from flask import Flask, current_app, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from outreach.core import audit
from outreach.core.models import User
from outreach.core.urls import split_url
from outreach.core.users import authenticate, end_sessions, normalise_email, user_by_email, user_for_session
from outreach.web.auth import bp
from outreach.web.auth.forms import LoginForm
from outreach.web.auth.throttle import SignInThrottle
from outreach.web.db import get_session

login_manager = LoginManager()
THROTTLE_KEY = "outreach.sign_in_throttle"
csrf = CSRFProtect()

# Endpoints anyone may reach; every other page needs a signed-in user.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static", "main.favicon"})


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return user_for_session(get_session(), session_id)


def require_login():
    """Send anyone not signed in to the login page, remembering where they were going."""
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    if request.endpoint is None or request.blueprint == "api":
        return None  # the 404 handler answers, and the API checks its own tokens
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


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
        wait = throttle.wait(email, address)
        if wait:
            flash(f"Too many failed sign-ins for this account or from this address. Try again in "
                  f"{-(-wait // 60)} minutes.", "error")
            return render_template("auth/login.html", form=form), 429, {"Retry-After": str(wait)}
        session = get_session()
        user = authenticate(session, email, form.password.data)
        if user is None:
            if throttle.failed(email, address):
                known = user_by_email(session, email)
                audit.record(session, None, "sign_in_throttled", "user", known.id if known else None,
                             email=email, address=address)
                session.commit()
            flash("Wrong email or password.", "error")
        else:
            throttle.succeeded(email)
            login_user(user, remember=form.remember.data)
            audit.record(session, user, "signed_in", "user", user.id)
            session.commit()
            return redirect(safe_next_url(request.args.get("next")))
    elif request.method == "POST":
        flash("Enter your email and password.", "error")
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 400


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # Every session of this person ends, so a cookie copied before cannot outlive it.
        session = get_session()
        end_sessions(session, current_user)
        audit.record(session, current_user, "signed_out", "user", current_user.id)
        session.commit()
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


def init_login(app: Flask) -> None:
    """Sign-in, its throttle, and CSRF protection for every page; the API checks its own tokens."""
    login_manager.init_app(app)
    app.extensions[THROTTLE_KEY] = SignInThrottle(app.config["SIGN_IN_THROTTLE_STORAGE"])
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    app.before_request(require_login)
