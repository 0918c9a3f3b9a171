"""The team's own fields on the pages: kept by managers, filled on the profile, searched in the
directory and in its CSV."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.custom_fields import values_of
from outreach.core.models import CustomField
from tests.factories import make_blogger


def test_fields_are_kept_filled_searched_and_exported(client, auth, session):
    maya, leo = make_blogger(session, "Maya", slug="maya"), make_blogger(session, "Leo", slug="leo")
    session.commit()
    auth.login("manager@example.com")
    assert client.post("/bloggers/fields", data={"name": "Rate", "kind": "number"}).status_code == 302
    client.post("/bloggers/fields", data={"name": "Audience", "kind": "choice", "choices": "Parents\r\nStudents"})
    twice = client.post("/bloggers/fields", data={"name": "rate", "kind": "text"})
    assert twice.status_code == 400 and "There is a field named &#39;rate&#39; already." in twice.data.decode()
    rate, audience = session.exec(select(CustomField).order_by(CustomField.id)).all()
    profile = client.get(f"/bloggers/{maya.id}/").data.decode()
    assert f'<select id="field-{audience.id}"' in profile and f'id="field-{rate.id}"' in profile
    saved = client.post(f"/bloggers/{maya.id}/fields", data={f"field-{rate.id}": "800", f"field-{audience.id}": "Parents"})
    assert saved.status_code == 302
    client.post(f"/bloggers/{leo.id}/fields", data={f"field-{rate.id}": "200"})
    bad = client.post(f"/bloggers/{leo.id}/fields", data={f"field-{rate.id}": "cheap", f"field-{audience.id}": "Parents"})
    assert bad.status_code == 400 and "Nothing was saved. Rate: a number" in bad.data.decode()
    assert 'value="cheap"' in bad.data.decode()  # what was typed comes back to be corrected
    session.expire_all()
    assert values_of(session, [maya.id, leo.id]) == {maya.id: {rate.id: "800", audience.id: "Parents"},
                                                      leo.id: {rate.id: "200"}}
    found = client.get(f"/blogs/?custom_field={rate.id}&custom_value=500").data.decode()
    assert "Maya&#39;s blog" in found and "Leo&#39;s blog" not in found
    refused = client.get(f"/blogs/?custom_field={rate.id}&custom_value=lots").data.decode()
    assert "Check the search fields" in refused and "Rate: a number" in refused
    exported = client.get(f"/blogs/export.csv?custom_field={audience.id}&custom_value=Parents").data.decode()
    header, row = exported.splitlines()
    assert header.endswith(",language,Rate,Audience") and row.endswith(",800,Parents")
    # Staff fill values in, but do not add or remove fields.
    auth.logout()
    auth.login("staff@example.com")
    assert client.post(f"/bloggers/{leo.id}/fields", data={f"field-{audience.id}": "Students"}).status_code == 302
    page = client.post("/bloggers/fields", data={"name": "Tier", "kind": "text"}, follow_redirects=True).data.decode()
    assert "Only managers and admins add fields." in page and "Add a field" not in page
    assert client.post(f"/bloggers/fields/{rate.id}/remove", data={"values": "2"}, follow_redirects=True).status_code == 200
    assert session.get(CustomField, rate.id) is not None
    auth.logout()
    auth.login("manager@example.com")
    stale = client.post(f"/bloggers/fields/{rate.id}/remove", data={"values": "1"}, follow_redirects=True)
    assert "now holds 2 values: confirm again" in stale.data.decode()
    done = client.post(f"/bloggers/fields/{rate.id}/remove", data={"values": "2"}, follow_redirects=True)
    assert "Removed &#39;Rate&#39; and its 2 values." in done.data.decode()
    assert client.post("/bloggers/fields/999/remove", data={"values": "0"}).status_code == 404



def test_a_campaign_s_pipeline_csv_has_a_column_for_each_field(client, auth, session, users):
    from outreach.core.custom_fields import add_field, set_values
    from outreach.core.models import Blogger, User
    from tests.factories import make_campaign_with_entries

    manager = session.get(User, users["manager"][0])
    campaign, (maya, leo) = make_campaign_with_entries(session, manager.id)
    rate = add_field(session, manager, "Rate", "number")
    set_values(session, manager, session.get(Blogger, maya.blogger_id), {rate.id: "450"})
    session.commit()
    auth.login("manager@example.com")
    header, *rows = client.get(f"/campaigns/{campaign.id}/pipeline.csv").data.decode().splitlines()
    assert header.endswith(",do_not_contact,Rate")
    assert [row.split(",")[-1] for row in rows] == ["450", ""]


def test_a_field_is_renamed_and_its_choices_changed_unless_bloggers_have_one_dropped(client, auth, session, users):
    from outreach.core.custom_fields import add_field, set_values
    from outreach.core.models import User

    manager = session.get(User, users["manager"][0])
    audience = add_field(session, manager, "Audience", "choice", ["Parents", "Students"])
    add_field(session, manager, "Rate", "number")
    maya = make_blogger(session, "Maya")
    set_values(session, manager, maya, {audience.id: "Parents"})
    session.commit()
    auth.login("manager@example.com")
    page = client.get(f"/bloggers/fields/{audience.id}/edit").data.decode()
    assert 'value="Audience"' in page and "Parents\nStudents</textarea>" in page
    dropped = client.post(f"/bloggers/fields/{audience.id}/edit", data={"name": "Readers", "choices": "Students\nTeachers"})
    assert dropped.status_code == 400
    assert "Bloggers have &#39;Parents&#39; (1): change their values before dropping it." in dropped.data.decode()
    clash = client.post(f"/bloggers/fields/{audience.id}/edit", data={"name": "rate", "choices": "Parents\nStudents"})
    assert "There is a field named &#39;rate&#39; already." in clash.data.decode()
    done = client.post(f"/bloggers/fields/{audience.id}/edit",
                       data={"name": "Readers", "choices": "Parents\nTeachers"}, follow_redirects=True)
    assert "Saved &#39;Readers&#39;." in done.data.decode()
    session.expire_all()
    assert (audience.name, audience.choices) == ("Readers", ["Parents", "Teachers"])
    auth.logout()
    auth.login("staff@example.com")
    refused = client.post(f"/bloggers/fields/{audience.id}/edit", data={"name": "X"}, follow_redirects=True)
    assert "Only managers and admins change fields." in refused.data.decode()
    assert client.get("/bloggers/fields/999/edit").status_code == 404
