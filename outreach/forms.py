"""Form helpers shared by every blueprint."""

from __future__ import annotations

from typing import Iterable

from wtforms.fields.choices import SelectChoice


def options(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs, in the form WTForms 3.3+ expects."""
    return [SelectChoice(value, label) for value, label in pairs]
