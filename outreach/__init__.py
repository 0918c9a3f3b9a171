"""Outreach: find the bloggers who write about your niche, then run the relationship."""

from __future__ import annotations

from typing import Any, Mapping


def create_app(test_config: Mapping[str, Any] | None = None):
    """Build the Flask app: defaults, then OUTREACH_* variables, then test_config."""
    # Imported here so that crawlers/ and scoring/, which use outreach.models and
    # outreach.settings, never load Flask.
    from outreach.factory import build_app

    return build_app(test_config)
