"""The team's own fields on bloggers: added and removed by managers, filled in by anyone who works
with the blogger, each value checked against its field's kind."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import Float, cast, delete, func
from sqlmodel import Session, col, select

from outreach.core import audit
from outreach.core.access import can_manage
from outreach.core.errors import Refused
from outreach.core.models import FIELD_KINDS, MAX_CHOICES, Blogger, CustomField, CustomValue, User, limits_of

MAX_FIELDS = 50  # a profile of more than this many is a spreadsheet, and the directory's CSV a wide one
MAX_VALUE = limits_of(CustomValue, "value").max_length
MAX_NAME = limits_of(CustomField, "name").max_length


class FieldRefused(Refused):
    """A field, or a value of one, that cannot be kept as given; the message says why."""


class NotFieldManager(FieldRefused):
    """Only managers and admins add, change or remove the team's fields."""


def all_fields(session: Session) -> list[CustomField]:
    """Every field, in the order they were added."""
    return list(session.exec(select(CustomField).order_by(CustomField.id)))


def add_field(session: Session, user: User, name: str, kind: str, choices: Iterable[str] = ()) -> CustomField:
    """A new field on every blogger's profile; only managers and admins add one. The caller commits."""
    refuse_unless_manager(user)
    name = field_name(session, name)
    if kind not in FIELD_KINDS:
        raise FieldRefused(f"A field holds {', '.join(FIELD_KINDS)}, not {kind[:20]!r}.")
    if len(all_fields(session)) >= MAX_FIELDS:
        raise FieldRefused(f"Bloggers have {MAX_FIELDS} fields already: remove one first.")
    options = field_choices(choices) if kind == "choice" else []
    field = CustomField(name=name, kind=kind, choices=options, created_by_id=user.id)
    session.add(field)
    session.flush()
    audit.record(session, user, "added_field", "custom_field", field.id, name=name, kind=kind)
    return field


def change_field(session: Session, user: User, field: CustomField, name: str, choices: Iterable[str] = ()) -> None:
    """Rename a field, and for a field of choices, change its list; a choice some bloggers have
    cannot go until their values change. Its kind stays (values of one kind are not another's).
    The caller commits."""
    refuse_unless_manager(user)
    name = field_name(session, name, field)
    if field.kind == "choice":
        options = field_choices(choices)
        used = dict(session.exec(select(CustomValue.value, func.count()).where(CustomValue.field_id == field.id)
                                 .group_by(CustomValue.value)).all())
        dropped = [f"{choice!r} ({used[choice]})" for choice in field.choices if choice in used and choice not in options]
        if dropped:
            raise FieldRefused(f"Bloggers have {', '.join(dropped)}: change their values before dropping it.")
        field.choices = options
    before, field.name = field.name, name
    session.add(field)
    audit.record(session, user, "changed_field", "custom_field", field.id, name=name, before=before)


def field_name(session: Session, typed: str, field: CustomField | None = None) -> str:
    """A field's name as kept, refused when empty, too long, or another field's (in any case)."""
    name = " ".join(typed.split())
    if not name or len(name) > MAX_NAME:
        raise FieldRefused(f"A field needs a name of 1 to {MAX_NAME} characters.")
    clash = session.exec(select(CustomField.id).where(func.lower(CustomField.name) == name.lower())).first()
    if clash is not None and (field is None or clash != field.id):
        raise FieldRefused(f"There is a field named {name!r} already.")
    return name


def field_choices(typed: Iterable[str]) -> list[str]:
    """A list's choices as kept: each once, in the order typed; refused unless 2 to MAX_CHOICES."""
    options = list(dict.fromkeys(" ".join(choice.split()) for choice in typed if choice.strip()))
    if not 2 <= len(options) <= MAX_CHOICES:
        raise FieldRefused(f"A field of choices needs 2 to {MAX_CHOICES} different choices.")
    if any(len(option) > MAX_VALUE for option in options):
        raise FieldRefused(f"A choice has at most {MAX_VALUE} characters.")
    return options


def value_count(session: Session, field: CustomField) -> int:
    """How many bloggers have a value of the field."""
    return session.exec(select(func.count()).select_from(CustomValue).where(CustomValue.field_id == field.id)).one()


def remove_field(session: Session, user: User, field: CustomField) -> int:
    """Remove a field and every blogger's value of it; returns how many values went. The caller commits."""
    refuse_unless_manager(user)
    values = value_count(session, field)
    session.exec(delete(CustomValue).where(CustomValue.field_id == field.id))
    audit.record(session, user, "removed_field", "custom_field", field.id, name=field.name, values=values)
    session.delete(field)
    return values


def refuse_unless_manager(user: User) -> None:
    if not can_manage(user):
        raise NotFieldManager("Only managers and admins add, change or remove fields.")


def values_of(session: Session, blogger_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    """Each blogger's values: blogger id -> field id -> value."""
    ids = list(blogger_ids)
    values: dict[int, dict[int, str]] = {blogger_id: {} for blogger_id in ids}
    if ids:
        for row in session.exec(select(CustomValue).where(col(CustomValue.blogger_id).in_(ids))):
            values[row.blogger_id][row.field_id] = row.value
    return values


def clean_value(field: CustomField, text: str | None) -> str:
    """The value as kept ("" clears it), or FieldRefused saying what the field takes."""
    text = " ".join((text or "").split()) if field.kind != "text" else (text or "").strip()
    if not text:
        return ""
    if len(text) > MAX_VALUE:
        raise FieldRefused(f"{field.name}: at most {MAX_VALUE} characters.")
    if field.kind == "number":
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise FieldRefused(f"{field.name}: a number, such as 1500 or 12.5.") from None
        if not number.is_finite() or not math.isfinite(float(number)) or abs(number) >= Decimal("1e15"):
            raise FieldRefused(f"{field.name}: a number, such as 1500 or 12.5.")
        return format(number.normalize(), "f")
    if field.kind == "date":
        try:  # kept as YYYY-MM-DD, which sorts as the days do
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise FieldRefused(f"{field.name}: a day, written as YYYY-MM-DD (2027-03-31).") from None
    if field.kind == "choice" and text not in field.choices:
        raise FieldRefused(f"{field.name}: one of {', '.join(field.choices)}.")
    return text


def set_values(session: Session, user: User, blogger: Blogger, typed: Mapping[int, str | None]) -> list[str]:
    """Keep a blogger's values of these fields (by field id; empty clears one), each checked first so
    that a bad one changes nothing; returns the names of the fields that changed. The caller commits."""
    fields = {field.id: field for field in all_fields(session)}
    unknown = [field_id for field_id in typed if field_id not in fields]
    if unknown:
        raise FieldRefused(f"No field has id {unknown[0]}.")
    cleaned = {field_id: clean_value(fields[field_id], text) for field_id, text in typed.items()}
    current = values_of(session, [blogger.id])[blogger.id]
    changed = []
    for field_id, value in cleaned.items():
        if value == current.get(field_id, ""):
            continue
        row = session.get(CustomValue, (blogger.id, field_id))
        if not value:
            session.delete(row)
        elif row is None:
            session.add(CustomValue(blogger_id=blogger.id, field_id=field_id, value=value))
        else:
            row.value = value
            session.add(row)
        changed.append(fields[field_id].name)
    if changed:
        audit.record(session, user, "set_fields", "blogger", blogger.id, fields=changed)
    return changed


def fields_by_name(session: Session, typed: Mapping[str, str | None]) -> dict[int, str | None]:
    """Values named by their fields' names (as the API and imports give them) keyed by field id."""
    ids = {field.name.lower(): field.id for field in all_fields(session)}
    unknown = [name for name in typed if name.strip().lower() not in ids]
    if unknown:
        raise FieldRefused(f"No field is named {unknown[0][:MAX_NAME]!r}.")
    return {ids[name.strip().lower()]: value for name, value in typed.items()}


def matching_bloggers(field: CustomField, wanted: str):
    """A select() of the ids of bloggers whose value of the field matches: a choice exactly, text
    anywhere in it (any case), a number at least this one, a day on or after this one; any value when
    `wanted` is empty. Raises FieldRefused for a number or a day the field would not take."""
    statement = select(CustomValue.blogger_id).where(CustomValue.field_id == field.id)
    if not wanted.strip():
        return statement
    if field.kind == "number":
        return statement.where(cast(CustomValue.value, Float) >= float(clean_value(field, wanted) or 0))
    if field.kind == "date":
        return statement.where(CustomValue.value >= clean_value(field, wanted))
    if field.kind == "choice":
        return statement.where(CustomValue.value == wanted.strip())
    return statement.where(func.lower(CustomValue.value).contains(wanted.strip().lower(), autoescape=True))


def move_values(session: Session, keep_id: int, other_id: int) -> None:
    """A merged blogger's values go to the kept one where it has none of that field."""
    kept = set(session.exec(select(CustomValue.field_id).where(CustomValue.blogger_id == keep_id)))
    for row in session.exec(select(CustomValue).where(CustomValue.blogger_id == other_id)).all():
        session.delete(row)
        if row.field_id not in kept:
            session.add(CustomValue(blogger_id=keep_id, field_id=row.field_id, value=row.value))
    session.flush()
