"""Where the app keeps its search index, and loading it for a request."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app


def index_dir(app: Flask | None = None) -> Path:
    """The search index lives in `index/` in the instance folder."""
    return Path((app or current_app).instance_path) / "index"
