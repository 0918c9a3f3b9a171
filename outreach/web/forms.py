"""Form helpers shared by every blueprint."""

from __future__ import annotations

from typing import Iterable

from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import DateField, DateTimeLocalField, Form, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from outreach.core.db import is_row_id
from outreach.web.viewer_time import viewer_zone, viewer_zone_name

# The last page a list can be asked for (the API's limit too): a page number beyond what a
# database offset can hold was a server error.
MAX_PAGE = 100_000


def requested_id(values: MultiDict, name: str) -> int | None:
    """The row id a query or form field names: None when missing, not a number, or beyond any
    row's id (a database refuses such a number, so looking it up would be a server error)."""
    value = values.get(name, type=int)
    return value if is_row_id(value) else None


def requested_page(args: MultiDict) -> int:
    """The ?page= asked for: 1 when missing or not a number, never below 1 or above MAX_PAGE."""
    page = args.get("page", 1, type=int) or 1
    return min(max(page, 1), MAX_PAGE)


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of labelled checkboxes (a bare multi-select hides who is chosen)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DateRangeForm(Form):
    """From and to which day a report covers: a GET form, so no CSRF token."""

    start = DateField("From", validators=[Optional()])
    end = DateField("To", validators=[Optional()])

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("The end date is before the start date.")


class LocalDateTimeField(DateTimeLocalField):
    """A date and time typed and shown on the person's own clock (their zone named in the label)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, tz=viewer_zone, **kwargs)
        self.label.text = f"{self.label.text} ({viewer_zone_name()})"


def options(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs, in the form WTForms 3.3+ expects."""
    return [SelectChoice(value, label) for value, label in pairs]


# Rendered fields by everything their markup depends on. A form field is rendered by
# WTForms attribute by attribute (a select option by option), 50-130 µs a field; most
# renderings repeat one another exactly (an empty search form, the add-blog form), so
# the markup is kept and reused. Kept for the directory's target on bench/web.py (p95
# under 100 ms): its ten fields are about 1.5 ms of its 6.2 ms of server CPU a request,
# and without the cache it misses (figures in outreach/web/bloggers/rows.py).
_FIELD_CACHE: dict[tuple, Markup] = {}
_FIELD_CACHE_SIZE = 2048


def field_markup(field) -> Markup:
    """The field's label and widget, as the field() macro of _macros.html writes them."""
    try:
        key = (
            type(field), id(field.widget), field.name, field.id, field.label.text, field.description,
            repr(field.data), repr(field.raw_data), repr(getattr(field, "choices", None)),
            repr(getattr(field, "format", None)), tuple(field.errors), repr(field.render_kw),
            tuple(sorted(vars(field.flags).items())),
        )
        hash(key)
    except TypeError:  # something unhashable in there: render it every time
        return _render_field(field)
    markup = _FIELD_CACHE.get(key)
    if markup is None:
        markup = _render_field(field)
        if len(_FIELD_CACHE) >= _FIELD_CACHE_SIZE:
            _FIELD_CACHE.clear()
        _FIELD_CACHE[key] = markup
    return markup


def _render_field(field) -> Markup:
    return Markup(f"{field.label()}\n  {field()}")
