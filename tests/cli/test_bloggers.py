"""`outreach bloggers export` and `forget`: a blogger's data at their request, from the command line."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from outreach.core.models import AuditEvent, Blog, Blogger, ContactDetail, ForgottenIdentity
from tests.factories import make_blogger


def test_export_prints_everything_and_forget_asks_then_forgets(runner, engine, tmp_path):
    with Session(engine) as session:
        maya = make_blogger(session, "Maya Pour", slug="maya")
        make_blogger(session, "Leo Trail", slug="leo")
        session.add(ContactDetail(blogger_id=maya.id, kind="email", value="maya@pour.example", found_by="about page"))
        session.commit()
        maya_id = maya.id
    exported = runner.invoke(args=["bloggers", "export", "https://maya.example/"])  # by a channel's address
    assert exported.exit_code == 0, exported.output
    document = json.loads(exported.output)
    assert document["person"]["name"] == "Maya Pour" and document["contacts"][0]["value"] == "maya@pour.example"
    with Session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "exported")).one()
        assert (event.object_type, event.object_id, event.user_id) == ("blogger", maya_id, None)
    declined = runner.invoke(args=["bloggers", "forget", str(maya_id)], input="n\n")
    assert declined.exit_code == 1 and "1 blogs, 0 posts, 1 contacts" in declined.output
    with Session(engine) as session:
        assert session.get(Blogger, maya_id) is not None
    done = runner.invoke(args=["bloggers", "forget", str(maya_id), "--yes"])
    assert done.exit_code == 0, done.output
    assert f"Forgot blogger {maya_id}: deleted 1 blogs" in done.output
    with Session(engine) as session:
        assert session.get(Blogger, maya_id) is None
        assert session.exec(select(Blog.title)).all() == ["Leo Trail's blog"]
        assert len(session.exec(select(ForgottenIdentity)).all()) == 3  # the email, the feed and the homepage
    listing = tmp_path / "list.csv"
    listing.write_text("name,url\nMaya,https://maya.example/feed\n")
    again = runner.invoke(args=["blogs", "import", str(listing)])
    assert "asked to be forgotten" in again.output
    missing = runner.invoke(args=["bloggers", "forget", str(maya_id), "--yes"])
    assert missing.exit_code == 1 and f"no blogger with id {maya_id}" in missing.output
