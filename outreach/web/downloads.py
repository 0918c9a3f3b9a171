"""File downloads: CSV (formula-guarded by the core's writer) and OPML."""

from __future__ import annotations

from typing import Iterable, Sequence

from flask import Response

from outreach.core.exports import csv_text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    """A CSV file download."""
    return Response(
        csv_text(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def opml_response(filename: str, body: bytes) -> Response:
    """An OPML file download."""
    return Response(body, mimetype="text/x-opml",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
