"""Bulk bars on the board and the directory: each item done or refused
with its reason on the page that follows."""

from __future__ import annotations

import csv
import io

from sqlmodel import select

from outreach.core.models import AuditEvent, Blog, Blogger, PipelineEntry
from outreach.core.stages import stage_of_kind
from tests.factories import make_campaign_with_entries


def setup_board(session, users):
    campaign, entries = make_campaign_with_entries(session, users["manager"][0], names=("Ann", "Ben", "Cat"))
    return campaign, entries


def test_board_bulk_move_reports_each_refusal(client, auth, session, users):
    campaign, (ann, ben, cat) = setup_board(session, users)
    blogger = session.get(Blogger, ben.blogger_id)
    blogger.do_not_contact, blogger.do_not_contact_reason = True, "unsubscribed"
    session.commit()
    auth.login("manager@example.com")
    board = client.get(f"/campaigns/{campaign.id}/").get_data(as_text=True)
    assert f'name="entry" value="{ann.id}:{ann.version}" form="bulk-form"' in board
    pitched = stage_of_kind(session, campaign.id, "pitched")
    response = client.post(f"/campaigns/{campaign.id}/bulk", data={
        "action": "move", "stage_id": pitched.id,
        "entry": [f"{ann.id}:{ann.version}", f"{ben.id}:{ben.version}", f"{cat.id}:{cat.version + 5}"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Moved 1 item; 2 refused." in page
    assert "Ben: Ben is on the do-not-contact list (unsubscribed): the card was not moved to Pitched." in page
    assert "Cat: This card changed since you loaded it." in page
    session.expire_all()
    assert session.get(PipelineEntry, ann.id).stage_id == pitched.id


def test_board_bulk_refuses_bad_requests_and_other_campaigns(client, auth, session, users):
    campaign, (ann, _, _) = setup_board(session, users)
    auth.login("manager@example.com")
    nothing = client.post(f"/campaigns/{campaign.id}/bulk", data={"action": "move", "stage_id": 1})
    assert nothing.status_code == 400 and b"Select at least one item." in nothing.data
    garbled = client.post(f"/campaigns/{campaign.id}/bulk", data={"action": "move", "entry": "x:y"})
    assert garbled.status_code == 400 and b"Nothing was changed." in garbled.data
    huge = client.post(f"/campaigns/{campaign.id}/bulk", data={"action": "move", "entry": "9223372036854775808"})
    assert huge.status_code == 400  # it was a 500: no database compares such an id
    assert client.post("/blogs/bulk", data={"action": "export", "blog_id": "9" * 30}).status_code == 400
    no_stage = client.post(f"/campaigns/{campaign.id}/bulk", data={"action": "move", "entry": str(ann.id)})
    assert b"Choose the stage" in no_stage.data
    auth.logout()
    auth.login("staff@example.com")
    assert client.post(f"/campaigns/{campaign.id}/bulk", data={"action": "export", "entry": str(ann.id)}).status_code == 403


def test_board_bulk_export_is_the_checked_cards(client, auth, session, users):
    campaign, (ann, _, cat) = setup_board(session, users)
    auth.login("manager@example.com")
    response = client.post(f"/campaigns/{campaign.id}/bulk", data={"action": "export", "entry": [str(ann.id), str(cat.id)]})
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert response.mimetype == "text/csv"
    assert [row["blogger"] for row in rows] == ["Ann", "Cat"]
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "exported")).one().details == {"entries": 2}


def test_directory_bulk_adds_to_a_campaign_and_lists(client, auth, session, users):
    campaign, _ = setup_board(session, users)
    session.add(Blog(feed_url="https://new.example/feed", homepage_url="https://new.example/", title="New one"))
    session.commit()
    new = session.exec(select(Blog).where(Blog.title == "New one")).one()
    ann_blog = session.exec(select(Blog).where(Blog.title == "Ann's blog")).one()
    auth.login("manager@example.com")
    assert f'name="blog_id" value="{new.id}" form="bulk-form"' in client.get("/blogs/").get_data(as_text=True)
    response = client.post("/blogs/bulk", data={"action": "add_to_campaign", "campaign_id": campaign.id,
                                                "blog_id": [str(new.id), str(ann_blog.id)]})
    page = response.get_data(as_text=True)
    assert "Added to the campaign: 1 item; 1 refused." in page
    assert "Ann&#39;s blog: This blogger is already in the campaign." in page
    listed = client.post("/blogs/bulk", data={"action": "do_not_contact", "reason": "agency",
                                              "blog_id": [str(new.id)]})
    assert b"Put on the do-not-contact list: 1 item." in listed.data
    exported = client.post("/blogs/bulk", data={"action": "export", "blog_id": [str(new.id)]})
    assert list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))[0]["do_not_contact"] == "yes"


def test_staff_cannot_add_to_a_campaign_they_do_not_work(client, auth, session, users):
    campaign, _ = setup_board(session, users)
    blog = session.exec(select(Blog)).first()
    auth.login("staff@example.com")
    response = client.post("/blogs/bulk", data={"action": "add_to_campaign", "campaign_id": campaign.id,
                                                "blog_id": [str(blog.id)]})
    assert response.status_code == 403
