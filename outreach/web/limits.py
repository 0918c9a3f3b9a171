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
        validators.append(Length(min=declared.min_length or -1, max=declared.max_length or -1,
                                 message=_length_message(declared.min_length, declared.max_length)))
    if declared.ge is not None or declared.le is not None:
        validators.append(NumberRange(min=declared.ge, max=declared.le))
    if declared.pattern:
        validators.append(Regexp(declared.pattern, message="Not in the expected form."))
    return validators


def _length_message(least: int | None, most: int | None) -> str:
    """What the Length check says, with the limit written for people (20,000, not 20000)."""
    if most is None:
        return f"Write at least {least:,} characters."
    if least and least > 1:
        return f"Write {least:,} to {most:,} characters."
    return f"Too long: at most {most:,} characters."
