"""Form validators from the model: a field's limits are declared once, on the model."""

from __future__ import annotations

from sqlmodel import SQLModel
from wtforms.validators import Length, NumberRange, Regexp

from outreach.core.models import limits_of


def limits(model: type[SQLModel], name: str) -> list:
    """WTForms validators enforcing the lengths, range and pattern the model declares on a field."""
    declared = limits_of(model, name)
    validators = []
    if declared.min_length is not None or declared.max_length is not None:
        validators.append(Length(min=declared.min_length or -1, max=declared.max_length or -1))
    if declared.ge is not None or declared.le is not None:
        validators.append(NumberRange(min=declared.ge, max=declared.le))
    if declared.pattern:
        validators.append(Regexp(declared.pattern, message="Not in the expected form."))
    return validators
