"""The app's search index: where this app keeps it, and the one a request ranks from."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from outreach.core.search_index import index_dir
from scoring import Index, cached_index


def app_index_dir(app: Flask | None = None) -> Path:
    """The index folder of this app's instance."""
    return index_dir((app or current_app).instance_path)


def current_index() -> Index:
    """The saved index, loaded once per process and again after each refresh; IndexMissing if none."""
    return cached_index(app_index_dir())
