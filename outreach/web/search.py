"""The app's search index: where this app keeps it, and the one a request ranks from."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

import scoring
from outreach.core.search_index import index_dir
from outreach.web.db import get_session
from scoring import Index


def app_index_dir(app: Flask | None = None) -> Path:
    """The index folder of this app's instance."""
    return index_dir((app or current_app).instance_path)


def current_index() -> Index:
    """The database's newest published index (loaded once per generation); IndexMissing if none."""
    return scoring.current_index(get_session(), app_index_dir())
