"""The app factory: settings, extensions and blueprints wired together."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

from outreach.forms import field_markup
from outreach.settings import settings_from_environment

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def build_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then OUTREACH_* environment variables, then test_config."""
    config = settings_from_environment()
    if test_config:
        config.update(test_config)
    app = Flask(
        __name__,
        instance_path=config.get("INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(TEMPLATES_DIR),
    )
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
        REMEMBER_COOKIE_SECURE=app.config["SESSION_COOKIE_SECURE"],
        WTF_CSRF_TIME_LIMIT=None,
    )
    logging.basicConfig(level=app.config["LOG_LEVEL"])
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLogger().level))

    from outreach import (
        account, admin, api, auth, bloggers, campaigns, dashboard, db, errors, follow_ups, html, main,
        niche_views, templating,
    )
    from outreach.commands import register_commands

    db.init_app(app)
    app.add_template_global(field_markup, "field_markup")
    auth.init_app(app)
    errors.init_app(app)
    html.init_app(app)
    templating.init_app(app)
    follow_ups.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(main.bp)
    app.register_blueprint(bloggers.bp)
    app.register_blueprint(niche_views.bp)
    app.register_blueprint(campaigns.bp)
    app.register_blueprint(follow_ups.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(api.bp)
    auth.csrf.exempt(api.bp)  # token-authenticated, no cookies: CSRF cannot apply
    register_commands(app.cli)
    return app


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
