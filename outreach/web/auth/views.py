"""Sign-in: the login and logout pages, the session's user, and the rule that pages need one."""

from __future__ import annotations

from flask import Flask, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from outreach.core import audit
from outreach.core.models import User
from outreach.core.urls import split_url
from outreach.core.users import authenticate, end_sessions, user_for_session
from outreach.web.auth import bp
from outreach.web.auth.forms import LoginForm
from outreach.web.db import get_session

login_manager = LoginManager()
csrf = CSRFProtect()

# Endpoints anyone may reach; every other page needs a signed-in user.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static"})


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
        session = get_session()
        user = authenticate(session, form.email.data, form.password.data)
        if user is None:
            flash("Wrong email or password.", "error")
        else:
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
    """Sign-in and CSRF protection for every page; the API checks its own tokens."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    app.before_request(require_login)
