"""The app factory: settings, extensions and blueprints wired together."""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

from outreach.core.settings import settings_from_environment
from outreach.web import (
    access,
    account,
    admin,
    api,
    auth,
    bloggers,
    bulk,
    campaigns,
    dashboard,
    db,
    errors,
    follow_ups,
    headers,
    html,
    lifecycle,
    listening,
    mail,
    main,
    niches,
    viewer_time,
)
from outreach.web.auth.views import csrf, init_login
from outreach.web.clean_input import CleanRequest
from outreach.web.forms import field_markup

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REMEMBER_FOR = timedelta(days=30)  # "keep me signed in": a month, not Flask-Login's year
MAX_REQUEST_BYTES = 16 * 1024 * 1024


def templates_folder() -> Path:
    """Installed from a wheel, templates/ is inside the package; in a checkout, beside it."""
    packaged = PACKAGE_DIR / "templates"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "templates"


def build_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then OUTREACH_* environment variables, then test_config."""
    config = settings_from_environment()
    if test_config:
        config.update(test_config)
    app = Flask(
        __name__,
        instance_path=config.get("INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(templates_folder()),
    )
    app.request_class = CleanRequest
    configure(app, config)
    register_extensions(app)
    for blueprint in (auth.bp, main.bp, bloggers.bp, niches.bp, campaigns.bp, bulk.bp, follow_ups.bp, dashboard.bp,
                      admin.bp, account.bp, listening.bp, mail.bp, lifecycle.bp, api.bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api.bp)  # token-authenticated, no cookies: CSRF cannot apply
    return app


def configure(app: Flask, config: Mapping[str, Any]) -> None:
    """The settings, what they leave to the instance folder, and the cookie rules."""
    app.config.from_mapping(config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'outreach.sqlite'}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(Path(app.instance_path))
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_DURATION=REMEMBER_FOR,
        REMEMBER_COOKIE_SECURE=app.config["SESSION_COOKIE_SECURE"],
        WTF_CSRF_TIME_LIMIT=None,
    )
    # A request's body is read into memory: one larger than the largest file taken (a campaign's
    # file, sent as base64 through the API) is refused before it is read.
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    logging.basicConfig(level=app.config["LOG_LEVEL"])
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLogger().level))


def register_extensions(app: Flask) -> None:
    """The database session, sign-in and CSRF, role rules, error pages, security headers and template
    helpers."""
    db.init_app(app)
    app.add_template_global(field_markup, "field_markup")
    init_login(app)
    access.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    html.init_app(app)
    viewer_time.init_app(app)


def load_or_create_secret_key(instance_path: Path) -> str:
    """Read the instance's secret key, generating and keeping one on first run."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
