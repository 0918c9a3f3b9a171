"""A blogger's data at their request, on the pages: admins export it and forget the person, after
confirming what goes; nobody else may."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.models import Blog, Blogger, ContactDetail
from tests.factories import make_blogger, make_campaign_with_entries


def test_only_admins_see_export_and_forget(client, auth, session, users):
    maya = make_blogger(session, "Maya Pour", slug="maya")
    session.commit()
    for role in ("staff", "manager"):
        auth.login(f"{role}@example.com")
        assert 'id="personal-data"' not in client.get(f"/bloggers/{maya.id}/").get_data(as_text=True)
        assert client.get(f"/bloggers/{maya.id}/export.json").status_code == 403
        assert client.get(f"/bloggers/{maya.id}/forget").status_code == 403
        assert client.post(f"/bloggers/{maya.id}/forget", data={"counts": "1 blogs"}).status_code == 403
        auth.logout()
    auth.login("admin@example.com")
    profile = client.get(f"/bloggers/{maya.id}/").get_data(as_text=True)
    assert f'href="/bloggers/{maya.id}/export.json"' in profile and f'href="/bloggers/{maya.id}/forget"' in profile
    assert session.get(Blogger, maya.id) is not None


def test_an_admin_exports_then_forgets_after_confirming_the_counts(client, auth, session, users):
    _, (maya_entry, _) = make_campaign_with_entries(session, users["manager"][0])
    maya_id = maya_entry.blogger_id
    session.add(ContactDetail(blogger_id=maya_id, kind="email", value="maya@pour.example", found_by="about page"))
    session.commit()
    auth.login("admin@example.com")
    exported = client.get(f"/bloggers/{maya_id}/export.json")
    assert exported.status_code == 200 and exported.mimetype == "application/json"
    assert exported.headers["Content-Disposition"] == f'attachment; filename="blogger-{maya_id}.json"'
    document = exported.get_json()
    assert document["person"]["name"] == "Maya Pour" and document["campaign_entries"][0]["campaign"] == "Autumn launch"
    page = client.get(f"/bloggers/{maya_id}/forget").get_data(as_text=True)
    assert "<strong>1</strong> entries" in page and "cannot be undone" in page
    stale = client.post(f"/bloggers/{maya_id}/forget", data={"counts": "0 blogs"})
    assert stale.status_code == 409 and session.get(Blogger, maya_id) is not None
    counts = ("1 blogs, 0 posts, 1 contacts, 1 entries, 0 notes, 0 pitches, 0 replies, 0 samples, 0 fees, 0 coverage, "
              "0 messages")
    done = client.post(f"/bloggers/{maya_id}/forget", data={"counts": counts}, follow_redirects=True)
    assert "Forgot Maya Pour" in done.get_data(as_text=True)
    session.expunge_all()
    assert session.get(Blogger, maya_id) is None
    assert session.exec(select(Blog.title)).all() == ["Leo Trail's blog"]
    assert client.get(f"/bloggers/{maya_id}/").status_code == 404
    refused = client.post("/blogs/add", data={"url": "https://b0.example/"})
    assert refused.status_code == 400 and "asked to be forgotten on" in refused.get_data(as_text=True)
    assert session.exec(select(Blog.title)).all() == ["Leo Trail's blog"]
