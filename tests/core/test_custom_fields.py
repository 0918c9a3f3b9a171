"""The team's own fields on bloggers: added by managers, values checked by kind, searched, merged."""

from __future__ import annotations

import pytest
from sqlmodel import select

from outreach.core.channels import merge_bloggers
from outreach.core.custom_fields import (
    FieldRefused,
    add_field,
    clean_value,
    fields_by_name,
    matching_bloggers,
    remove_field,
    set_values,
    values_of,
)
from outreach.core.models import AuditEvent, CustomValue, User
from tests.factories import make_blogger


def test_managers_add_fields_of_four_kinds_and_staff_may_not(session, users):
    manager, staff = session.get(User, users["manager"][0]), session.get(User, users["staff"][0])
    rate = add_field(session, manager, "  Rate  for a post ", "number")
    audience = add_field(session, manager, "Audience", "choice", ["Parents", " Students ", "Parents", ""])
    assert (rate.name, audience.choices) == ("Rate for a post", ["Parents", "Students"])
    with pytest.raises(FieldRefused, match="Only managers and admins"):
        add_field(session, staff, "Shoe size", "text")
    with pytest.raises(FieldRefused, match="named 'audience' already"):
        add_field(session, manager, "audience", "text")
    with pytest.raises(FieldRefused, match="2 to 50 different choices"):
        add_field(session, manager, "Tier", "choice", ["Gold"])
    with pytest.raises(FieldRefused, match="holds text, number, choice"):
        add_field(session, manager, "Homepage", "url")
    assert add_field(session, manager, "Contract ends", "date").kind == "date"


def test_values_are_checked_by_kind_and_a_bad_one_changes_nothing(session, users):
    manager, staff = session.get(User, users["manager"][0]), session.get(User, users["staff"][0])
    rate = add_field(session, manager, "Rate", "number")
    audience = add_field(session, manager, "Audience", "choice", ["Parents", "Students"])
    notes = add_field(session, manager, "Shipping notes", "text")
    maya = make_blogger(session, "Maya")
    assert set_values(session, staff, maya, {rate.id: "1,500.50", audience.id: "Parents", notes.id: " Ring twice \n"}) \
        == ["Rate", "Audience", "Shipping notes"]
    assert values_of(session, [maya.id])[maya.id] == {rate.id: "1500.5", audience.id: "Parents", notes.id: "Ring twice"}
    for typed, problem in ((rate.id, "lots"), (rate.id, "nan"), (rate.id, "1e400"), (audience.id, "Teachers")):
        with pytest.raises(FieldRefused):
            set_values(session, staff, maya, {notes.id: "changed", typed: problem})
    assert values_of(session, [maya.id])[maya.id][notes.id] == "Ring twice"  # nothing of a refused save
    assert set_values(session, staff, maya, {rate.id: "", audience.id: "Parents"}) == ["Rate"]  # cleared
    assert rate.id not in values_of(session, [maya.id])[maya.id]
    assert clean_value(rate, "12.0") == "12" and clean_value(rate, "-3") == "-3"
    ends = add_field(session, manager, "Contract ends", "date")
    assert clean_value(ends, " 2027-03-31 ") == "2027-03-31"
    for wrong in ("31/03/2027", "2027-02-30", "soon"):
        with pytest.raises(FieldRefused, match="a day, written as YYYY-MM-DD"):
            clean_value(ends, wrong)
    with pytest.raises(FieldRefused, match="No field is named 'Shoe'"):
        fields_by_name(session, {"Shoe": "42"})
    assert fields_by_name(session, {" audience ": "Students"}) == {audience.id: "Students"}
    assert session.exec(select(AuditEvent.action).where(AuditEvent.action == "set_fields")).all() == ["set_fields"] * 2


def test_bloggers_are_found_by_a_field_and_merged_values_fill_gaps(session, users):
    manager = session.get(User, users["manager"][0])
    rate = add_field(session, manager, "Rate", "number")
    notes = add_field(session, manager, "Notes", "text")
    maya, leo, ana = (make_blogger(session, name, slug=name.lower()) for name in ("Maya", "Leo", "Ana"))
    set_values(session, manager, maya, {rate.id: "900", notes.id: "Vegan, no dairy samples"})
    set_values(session, manager, leo, {rate.id: "150"})
    set_values(session, manager, ana, {notes.id: "Prefers DMs"})

    def found(field, wanted):
        return sorted(session.exec(matching_bloggers(field, wanted)).all())

    assert found(rate, "500") == [maya.id] and found(rate, "") == sorted([maya.id, leo.id])
    assert found(notes, "no DAIRY") == [maya.id] and found(notes, "%") == []  # a wildcard is a character
    ends = add_field(session, manager, "Contract ends", "date")
    set_values(session, manager, maya, {ends.id: "2027-03-31"})
    set_values(session, manager, leo, {ends.id: "2026-12-31"})
    assert found(ends, "2027-01-01") == [maya.id] and found(ends, "2026-12-31") == sorted([maya.id, leo.id])
    with pytest.raises(FieldRefused):
        found(ends, "next year")
    with pytest.raises(FieldRefused):
        found(rate, "five hundred")
    merge_bloggers(session, leo.id, ana.id, manager, "the same person")
    assert values_of(session, [leo.id])[leo.id] == {rate.id: "150", notes.id: "Prefers DMs", ends.id: "2026-12-31"}
    assert remove_field(session, manager, notes) == 2
    session.flush()
    assert sorted(session.exec(select(CustomValue.field_id).distinct()).all()) == sorted([rate.id, ends.id])


def test_a_blogger_s_export_holds_their_values_and_forgetting_them_deletes_them(session, users):
    from outreach.core.forgetting import export_blogger, forget_blogger

    manager, admin = session.get(User, users["manager"][0]), session.get(User, users["admin"][0])
    notes = add_field(session, manager, "Shipping notes", "text")
    maya = make_blogger(session, "Maya")
    set_values(session, manager, maya, {notes.id: "Leave it with the neighbour at no. 4"})
    session.commit()
    assert export_blogger(session, maya)["fields"] == {"Shipping notes": "Leave it with the neighbour at no. 4"}
    forget_blogger(session, admin, maya)
    session.commit()
    assert session.exec(select(CustomValue)).all() == []
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "set_fields")).one()
    assert event.details == {"forgotten": True}  # the audit keeps who and when, not what about them
