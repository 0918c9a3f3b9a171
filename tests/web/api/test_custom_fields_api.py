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
