"""Security headers on every answer: what may run and load in a page, and who may frame it."""

from __future__ import annotations

from flask import Flask, Response, current_app


# Every script and style comes from our static files: no inline script, style attribute or
# eval. Images may come from the blogs a post shows; nothing may frame a page.
def content_security_policy(form_targets: tuple[str, ...] = ()) -> str:
    """The policy; `form_targets` are other origins a form of the page may lead to (through a redirect,
    which browsers hold to form-action too): a mail provider's sign-in."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https: http:",
        "object-src 'none'",
        "base-uri 'none'",
        " ".join(("form-action 'self'", *form_targets)),
        "frame-ancestors 'none'",
    ])


CONTENT_SECURITY_POLICY = content_security_policy()
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors, for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
HSTS = "max-age=31536000"  # a year: sent only when the app says it is served over HTTPS


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
