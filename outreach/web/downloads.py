"""File downloads: CSV (formula-guarded by the core's writer), OPML, and files kept in the database."""

from __future__ import annotations

import io
from typing import Iterable, Sequence

from flask import Response, send_file

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


def kept_file_response(name: str, content_type: str, data: bytes) -> Response:
    """A file kept in the database (a campaign's, a reply's), always as a download: it came from
    outside and is never shown inside the app's pages."""
    return send_file(io.BytesIO(data), mimetype=content_type, as_attachment=True, download_name=name, max_age=0)
