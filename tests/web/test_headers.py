"""Security headers on every kind of answer, and templates that a strict CSP allows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from outreach import create_app

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# What a Content-Security-Policy without 'unsafe-inline' refuses: a script element without src
# (a JSON data block is not run, so it is allowed), an on... event handler, a style attribute.
INLINE = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))|\son[a-z]+\s*=|\sstyle\s*=|javascript:",
                    re.IGNORECASE)


def test_no_template_has_inline_script_event_handler_or_style():
    found = [f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
             for path in sorted(TEMPLATES.rglob("*.html"))
             for number, line in enumerate(path.read_text().splitlines(), start=1) if INLINE.search(line)]
    assert found == []


@pytest.mark.parametrize("path", ["/login", "/", "/nowhere", "/static/app.css", "/api/v1/campaigns",
                                  "/api/v1/openapi.json"])
def test_every_answer_says_what_may_run_and_that_nobody_may_frame_it(client, path):
    with client.get(path) as response:  # a static file's answer holds the file open until closed
        headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert (headers["X-Frame-Options"], headers["X-Content-Type-Options"]) == ("DENY", "nosniff")
    assert "Strict-Transport-Security" not in headers  # not over HTTPS: a browser would ignore it anyway


def test_hsts_when_the_app_is_served_over_https(database_url, tmp_path):
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "k", "INSTANCE_PATH": str(tmp_path / "i"),
                      "SESSION_COOKIE_SECURE": True})
    assert app.test_client().get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"
