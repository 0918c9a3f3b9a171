"""The API's routes described once: the same records register the Flask views and build
the OpenAPI document, so the document cannot drift from what the code accepts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from outreach.core.models import MAX_ID
from outreach.web.api.schemas import Error


@dataclass
class Operation:
    method: str
    path: str  # Flask form, e.g. /blogs/<int:blog_id>
    view: Callable
    summary: str
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    list_response: bool = False
    status: int = 200
    errors: tuple[int, ...] = field(default_factory=tuple)

    @property
    def openapi_path(self) -> str:
        return re.sub(r"<int:(\w+)>", r"{\1}", self.path)

    @property
    def path_parameters(self) -> list[str]:
        return re.findall(r"<int:(\w+)>", self.path)


OPERATIONS: list[Operation] = []
ERROR_TEXT = {
    400: "Malformed request (bad JSON, bad parameter)",
    401: "Missing, unknown or revoked token",
    403: "Your role does not allow this",
    404: "No such object",
    409: "Someone changed the object since you read it",
    415: "Send JSON with Content-Type: application/json",
    422: "The body or parameters do not validate",
}


def operation(method: str, path: str, summary: str, *, query=None, body=None, response=None,
              list_response=False, status=200, errors=()):
    """Register a view as an API operation."""

    def decorator(view):
        OPERATIONS.append(Operation(method, path, view, summary, query, body, response, list_response,
                                    status, tuple(errors)))
        return view

    return decorator


def openapi_document(server_url: str = "/api/v1") -> dict:
    """The OpenAPI 3.1 document of every registered operation."""
    models = {Error}
    for op in OPERATIONS:
        models.update(model for model in (op.body, op.response) if model is not None)
    _, definitions = models_json_schema(
        [(model, "validation" if model is op_body_model(model) else "serialization") for model in models],
        ref_template="#/components/schemas/{model}",
    )
    paths: dict = {}
    for op in OPERATIONS:
        paths.setdefault(op.openapi_path, {})[op.method.lower()] = operation_entry(op)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Outreach API", "version": "1",
                 "description": "Blogs, bloggers, niches, campaigns, entries, pitches and samples. "
                                "Authenticate with a personal token: `Authorization: Bearer otk_...`."},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": definitions.get("$defs", {}),
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
    }


def operation_entry(op: Operation) -> dict:
    """One operation as the document describes it: parameters, body and every answer."""
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
        for name in op.path_parameters
    ]
    if op.query is not None:
        schema = op.query.model_json_schema()
        for name, prop in schema.get("properties", {}).items():
            parameters.append({"name": name, "in": "query", "required": name in schema.get("required", []),
                               "schema": prop})
    entry = {"summary": op.summary, "operationId": op.view.__name__, "parameters": parameters,
             "responses": responses_of(op), "security": [{"token": []}]}
    if op.body is not None:
        entry["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{op.body.__name__}"}}}}
    return entry


def responses_of(op: Operation) -> dict:
    """The success answer and the JSON errors an operation can give."""
    responses: dict = {}
    if op.response is not None:
        ref = {"$ref": f"#/components/schemas/{op.response.__name__}"}
        content_schema = {"type": "array", "items": ref} if op.list_response else ref
        responses[str(op.status)] = {"description": "OK", "content": {"application/json": {"schema": content_schema}}}
        if op.status == 201:  # creating something that already exists answers it with 200
            responses["200"] = {"description": "Already there", "content": {"application/json": {"schema": ref}}}
    else:
        responses[str(op.status)] = {"description": "Done"}
    codes = {400, 401, 404} | set(op.errors) | ({415, 422} if op.body else set()) | ({422} if op.query else set())
    for code in sorted(codes):
        responses[str(code)] = {
            "description": ERROR_TEXT[code],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    return responses


def op_body_model(model):
    """The model itself when some operation takes it as a body (validation schema), else None."""
    return model if any(op.body is model for op in OPERATIONS) else None
