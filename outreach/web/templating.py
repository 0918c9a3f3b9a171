"""Links for long lists, built from one URL rather than one url_for per row."""

from __future__ import annotations

from flask import url_for
from markupsafe import escape


def id_url_pattern(endpoint: str, **values) -> str:
    """The endpoint's URL, escaped for HTML, with the value given as 0 made a "{}" to fill
    per row: a list page builds one URL, not one per row."""
    return str(escape(url_for(endpoint, **values))).replace("/0/", "/{}/")
