"""The team's own fields on bloggers through the API: listed, set by name, checked by kind."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.models import Blog
from tests.factories import make_blogger


def test_the_team_s_fields_through_the_api(api, session, users):
    from outreach.core.custom_fields import add_field
    from outreach.core.models import User

    maya = make_blogger(session, "Maya")
    manager = session.get(User, users["manager"][0])
    add_field(session, manager, "Rate", "number")
    add_field(session, manager, "Audience", "choice", ["Parents", "Students"])
    session.commit()
    listed = api["staff"].get("/fields").json
    assert [(row["name"], row["kind"], row["choices"]) for row in listed] == [
        ("Rate", "number", []), ("Audience", "choice", ["Parents", "Students"])]
    changed = api["staff"].patch(f"/bloggers/{maya.id}", json={"fields": {"rate": "450", "Audience": "Students"}})
    assert changed.status_code == 200 and changed.json["fields"] == {"Rate": "450", "Audience": "Students"}
    assert changed.json["relationship_status"] == "new"
    bad = api["staff"].patch(f"/bloggers/{maya.id}", json={"fields": {"Audience": "Teachers"}})
    assert bad.status_code == 422 and "Audience: one of Parents, Students." in bad.json["error"]
    assert api["staff"].patch(f"/bloggers/{maya.id}", json={"fields": {"Shoe": "42"}}).status_code == 422
    assert api["staff"].patch(f"/bloggers/{maya.id}", json={}).status_code == 422
    cleared = api["staff"].patch(f"/bloggers/{maya.id}", json={"fields": {"Rate": None}})
    assert cleared.json["fields"] == {"Audience": "Students"}
    assert api["staff"].get(f"/bloggers/{maya.id}").json["fields"] == {"Audience": "Students"}
    assert session.exec(select(Blog)).first() is not None


def test_managers_add_and_remove_fields_through_the_api(api, session):
    from outreach.core.models import CustomField, CustomValue

    assert api["staff"].post("/fields", json={"name": "Rate", "kind": "number"}).status_code == 403
    made = api["manager"].post("/fields", json={"name": "Audience", "kind": "choice", "choices": ["A", "B"]})
    assert made.status_code == 201 and made.json["choices"] == ["A", "B"]
    assert api["manager"].post("/fields", json={"name": "audience", "kind": "text"}).status_code == 422
    assert api["manager"].post("/fields", json={"name": "Tier", "kind": "choice", "choices": ["A"]}).status_code == 422
    assert api["manager"].post("/fields", json={"name": "Homepage", "kind": "url"}).status_code == 422
    maya = make_blogger(session, "Maya")
    session.commit()
    api["staff"].patch(f"/bloggers/{maya.id}", json={"fields": {"Audience": "A"}})
    field_id = made.json["id"]
    assert api["staff"].delete(f"/fields/{field_id}?values=1").status_code == 403
    stale = api["manager"].delete(f"/fields/{field_id}?values=0")
    assert stale.status_code == 409 and "holds 1 values, not 0" in stale.json["error"]
    assert api["manager"].delete(f"/fields/{field_id}").status_code == 422  # how many, as last read
    gone = api["manager"].delete(f"/fields/{field_id}?values=1")
    assert gone.status_code == 200 and gone.json["name"] == "Audience"
    assert session.exec(select(CustomField)).all() == [] and session.exec(select(CustomValue)).all() == []
    assert api["manager"].delete(f"/fields/{field_id}?values=0").status_code == 404
