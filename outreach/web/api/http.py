"""The API's plumbing: token check, JSON errors, parsing bodies and parameters."""

from __future__ import annotations

import json

from flask import Blueprint, g, jsonify, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

from outreach.core.address_requests import AddressRefused
from outreach.core.campaign_files import FileInUse, NotFileRemover
from outreach.core.coverage import UnreadableAddress
from outreach.core.custom_fields import NotFieldManager
from outreach.core.errors import Refused
from outreach.core.mail.approval import NotApprover
from outreach.core.pipeline import EmptyPitch
from outreach.core.stages import ContactRefused, PipelineError, StaleEntryError
from outreach.core.tokens import user_for_token
from outreach.web.api.spec import OPERATIONS
from outreach.web.clean_input import without_control
from outreach.web.db import get_session

PUBLIC_ENDPOINTS = frozenset({"api.openapi"})


class ApiError(Exception):
    """An answer other than success, with its status and one-sentence message."""

    def __init__(self, status: int, message: str, details: list | None = None):
        super().__init__(message)
        self.status, self.message, self.details = status, message, details


def error_response(status: int, message: str, details: list | None = None):
    body = {"error": message}
    if details is not None:
        body["details"] = details
    return jsonify(body), status


def authenticate():
    """Every operation but the document needs `Authorization: Bearer <token>`."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return error_response(401, "Send your API token as 'Authorization: Bearer <token>'.")
    user = user_for_token(get_session(), token.strip())
    if user is None:
        return error_response(401, "This token is unknown or was revoked.")
    g.api_user = user
    return None


def parse_body(model: type[BaseModel]):
    """The JSON body as the model, validated strictly: 0 is not a date, "1" not a number."""
    if not request.is_json:
        raise ApiError(415, "Send a JSON body with Content-Type: application/json.")
    try:
        # JSON Schema counts 106047.0 as an integer, as the document promises: read it as one.
        sent = json.loads(request.get_data() or b"{}", parse_float=whole_as_int, parse_constant=refuse_constant)
        body = without_control(sent)
    except (ValueError, RecursionError):
        raise ApiError(400, "The body is not valid JSON.") from None
    try:
        # The document's limits hold for what was sent: 1,001 characters are too many even when
        # three of them are control characters, dropped before the body is used.
        model.model_validate_json(json.dumps(sent), strict=True)
        return model.model_validate_json(json.dumps(body), strict=True)
    except ValidationError as error:
        raise invalid(error) from None


def whole_as_int(text: str) -> int | float:
    """A JSON number written with a fraction or exponent: an int when it is a whole number."""
    value = float(text)
    return int(value) if value.is_integer() else value


def refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def parse_query(model: type[BaseModel]):
    """Query parameters as the model; they arrive as text, so numbers are converted."""
    try:
        return model.model_validate(request.args.to_dict(flat=True))
    except ValidationError as error:
        raise invalid(error) from None


def invalid(error: ValidationError) -> ApiError:
    details = [{"field": ".".join(str(part) for part in problem["loc"]), "problem": problem["msg"]}
               for problem in error.errors(include_url=False)]
    return ApiError(422, "The request does not validate: see details.", details)


def handle_api_error(error: ApiError):
    return error_response(error.status, error.message, error.details)


# A rule of the core that refuses, as an HTTP status: the first kind that matches.
REFUSAL_STATUS = ((ContactRefused, 403), (NotApprover, 403), (NotFieldManager, 403), (NotFileRemover, 403),
                  (FileInUse, 409), (AddressRefused, 409), (StaleEntryError, 409), (EmptyPitch, 422),
                  (UnreadableAddress, 422),
                  (PipelineError, 409), (Refused, 422))


def handle_refusal(error: Refused):
    """The core refused (do-not-contact, a stale card, a duplicate...): nothing of the request is kept."""
    get_session().rollback()
    status = next(code for kind, code in REFUSAL_STATUS if isinstance(error, kind))
    return error_response(status, str(error))


def handle_http_error(error: HTTPException):
    return error_response(error.code or 500, error.description or error.name)


def register_operations(bp: Blueprint) -> None:
    from outreach.web.api.views import openapi

    bp.add_url_rule("/openapi.json", endpoint="openapi", view_func=openapi)
    for op in OPERATIONS:
        bp.add_url_rule(op.path, endpoint=op.view.__name__, view_func=op.view, methods=[op.method])
    bp.before_request(authenticate)
    bp.register_error_handler(ApiError, handle_api_error)
    bp.register_error_handler(Refused, handle_refusal)


def dump(model, obj, status=200):
    """An object as the response model says, as JSON."""
    return jsonify(model.model_validate(obj).model_dump(mode="json")), status


def dump_list(model, objects):
    """A list of objects, each as the response model says."""
    return jsonify([model.model_validate(obj).model_dump(mode="json") for obj in objects])
