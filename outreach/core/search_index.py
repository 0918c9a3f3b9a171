"""Where the search index is kept: `index/` in the instance folder."""

from __future__ import annotations

from pathlib import Path


def index_dir(instance_path: str | Path) -> Path:
    """The search index's folder for an instance folder."""
    return Path(instance_path) / "index"
