"""Error pages: a clear message for every 4xx, and a plain apology for a 500."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have permission to do that.",
    404: "There is nothing here.",
    405: "That action is not allowed here.",
    413: "That upload is too large.",
}


def handle_http_error(error: HTTPException):
    message = MESSAGES.get(error.code, error.description)
    return render_template("error.html", code=error.code, title=error.name, message=message), error.code


def handle_csrf_error(error: CSRFError):
    message = "Your form expired or was sent from another site. Reload the page and try again."
    return render_template("error.html", code=400, title="Form expired", message=message), 400


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
