"""The limits a model declares on a field (lengths, ranges, pattern), read back so that a
form or any other check enforces exactly what the model says."""

from __future__ import annotations

from dataclasses import dataclass

import annotated_types
from sqlmodel import SQLModel


@dataclass(frozen=True)
class FieldLimits:
    """What a field accepts; None where the model sets no limit."""

    min_length: int | None = None
    max_length: int | None = None
    ge: float | None = None
    le: float | None = None
    pattern: str | None = None


def limits_of(model: type[SQLModel], name: str) -> FieldLimits:
    """The limits declared on model.name, from pydantic's metadata of the field."""
    found: dict = {}
    for item in model.model_fields[name].metadata:
        if isinstance(item, annotated_types.MinLen):
            found["min_length"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            found["max_length"] = item.max_length
        elif isinstance(item, annotated_types.Ge):
            found["ge"] = item.ge
        elif isinstance(item, annotated_types.Le):
            found["le"] = item.le
        elif getattr(item, "pattern", None):
            found["pattern"] = item.pattern
    return FieldLimits(**found)
