"""Outreach: find the bloggers who write about your niche, then run the relationship."""

from __future__ import annotations

from typing import Any, Mapping


def create_app(test_config: Mapping[str, Any] | None = None):
    """Build the Flask app (defaults, then OUTREACH_* variables, then test_config), with the
    `outreach` commands on its `app.cli` too."""
    # Imported here so that outreach.core, crawlers/ and scoring/ never load Flask.
    from outreach.cli import register_commands
    from outreach.web.app import build_app

    app = build_app(test_config)
    register_commands(app.cli)
    return app
