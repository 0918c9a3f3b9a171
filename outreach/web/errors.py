"""Error pages: a clear message for every 4xx, and a plain apology for a 500."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have permission to do that.",
    404: "There is nothing here.",
    405: "That action is not allowed here.",
    413: "That upload is too large.",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def handle_http_error(error: HTTPException):
    message = MESSAGES.get(error.code, error.description)
    if error.code == 413 and current_app.config.get("MAX_CONTENT_LENGTH"):
        message = (f"That upload is too large: a request carries {current_app.config['MAX_CONTENT_LENGTH'] // 1048576} MB "
                   "at most. Nothing was changed.")
    if wants_json():
        response = jsonify(error=message)
    else:
        response = make_response(render_template("error.html", code=error.code, title=error.name,
                                                 message=message))
    response.status_code = error.code
    # Keep the headers the error carries, e.g. Allow on a 405 (RFC 9110).
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_csrf_error(error: CSRFError):
    message = "Your form expired or was sent from another site. Reload the page and try again."
    return render_template("error.html", code=400, title="Form expired", message=message), 400


def handle_database_unavailable(error: OperationalError):
    current_app.logger.error("database unavailable: %s", error)
    message = "The database cannot be reached right now. Nothing was changed; try again shortly."
    if wants_json():
        return jsonify(error=message), 503
    return render_template("error.html", code=503, title="Database unavailable", message=message), 503


def handle_server_error(error: Exception):
    message = "Something went wrong on our side. Nothing you did caused it; it has been logged."
    if wants_json():
        return jsonify(error=message), 500
    return render_template("error.html", code=500, title="Server error", message=message), 500


def init_app(app: Flask) -> None:
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(500, handle_server_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
