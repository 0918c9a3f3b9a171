"""Requests' text without control characters, as all text is kept (outreach.core.sanitize):
no field means a NUL or a bell, and PostgreSQL refuses a NUL in text, so one typed or pasted
into any field, query or JSON body was a server error there."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from outreach.core.sanitize import strip_control


def _pairs(mapping) -> Iterable[tuple]:
    if isinstance(mapping, MultiDict):
        yield from mapping.items(multi=True)
    elif isinstance(mapping, Mapping):
        for key, value in mapping.items():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                yield key, item
    elif mapping is not None:
        yield from mapping


class CleanParameters(ImmutableMultiDict):
    """A query's or a form's fields, names and values, without control characters (files are
    kept apart by the request, untouched)."""

    def __init__(self, mapping=None):
        super().__init__([(strip_control(key), strip_control(value) if isinstance(value, str) else value)
                          for key, value in _pairs(mapping)])


class CleanRequest(Request):
    """The app's request: its query and form fields read through CleanParameters."""

    parameter_storage_class = CleanParameters


def without_control(value):
    """A parsed JSON value with control characters dropped from every string in it."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, list):
        return [without_control(item) for item in value]
    if isinstance(value, dict):
        return {strip_control(key): without_control(item) for key, item in value.items()}
    return value
