"""Deliverables on the entry page, and on the board's cards and filters."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from outreach.core.coverage import record_coverage
from outreach.core.models import Deliverable, User, utc_today
from tests.factories import make_campaign_with_entries


def test_a_deliverable_agreed_shows_late_on_the_card_and_is_published_by_a_post(client, auth, session, users):
    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    auth.login("manager@example.com")
    yesterday = (utc_today() - timedelta(days=1)).isoformat()
    made = client.post(f"/campaigns/entries/{maya.id}/deliverable",
                       data={"deliverable-description": "A review post", "deliverable-due_on": yesterday})
    assert made.status_code == 302
    bad = client.post(f"/campaigns/entries/{leo.id}/deliverable",
                      data={"deliverable-description": "x" * 301, "deliverable-due_on": "soon"})
    assert bad.status_code == 400 and "Not a valid date value." in bad.data.decode()
    board = client.get(f"/campaigns/{campaign.id}/").data.decode()
    assert board.count(">Post late</span>") == 1
    late = client.get(f"/campaigns/{campaign.id}/?flag=post_late").data.decode()
    assert "Maya Pour" in late and "Leo Trail" not in late
    home = client.get("/").data.decode()
    assert f'/campaigns/{campaign.id}/?flag=post_late">Autumn launch</a>' in home and "Posts late" in home
    page = client.get(f"/campaigns/entries/{maya.id}/").data.decode()
    assert "A review post" in page and ">late</span>" in page and "Once a coverage post of theirs" in page
    deliverable = session.exec(select(Deliverable)).one()
    later = (utc_today() + timedelta(days=7)).isoformat()
    moved = client.post(f"/campaigns/deliverables/{deliverable.id}/move", data={"due_on": later}, follow_redirects=True)
    assert "Deliverable moved." in moved.data.decode() and f"by {later}" in moved.data.decode()
    assert f">Post due {later}</span>" in client.get(f"/campaigns/{campaign.id}/").data.decode()
    client.post(f"/campaigns/deliverables/{deliverable.id}/move", data={"due_on": ""})
    undated = client.get(f"/campaigns/{campaign.id}/").data.decode()
    assert ">Post agreed</span>" in undated and 'flag-fee">Post due' not in undated  # agreed, no day set
    client.post(f"/campaigns/deliverables/{deliverable.id}/move", data={"due_on": later})
    odd = client.post(f"/campaigns/deliverables/{deliverable.id}/move", data={"due_on": "next week"}, follow_redirects=True)
    assert "&#39;next week&#39; is not a day: write it as YYYY-MM-DD." in odd.data.decode()
    session.expire_all()  # the pages moved the entry's version on
    record_coverage(session, session.get(User, users["manager"][0]), maya, "https://maya.example/review",
                    "My review")
    session.commit()
    nothing = client.post(f"/campaigns/deliverables/{deliverable.id}/publish", data={"coverage_id": "abc"},
                          follow_redirects=True)
    assert "Choose the coverage post that delivered it." in nothing.data.decode()
    page = client.get(f"/campaigns/entries/{maya.id}/").data.decode()
    coverage_id = page.split('name="coverage_id"><option value="')[1].split('"')[0]
    done = client.post(f"/campaigns/deliverables/{deliverable.id}/publish", data={"coverage_id": coverage_id},
                       follow_redirects=True).data.decode()
    assert "Deliverable marked published." in done and "My review</a>" in done
    assert ">Post late</span>" not in client.get(f"/campaigns/{campaign.id}/").data.decode()
    assert "Posts late" not in client.get("/").data.decode()
    assert client.post(f"/campaigns/deliverables/{deliverable.id}/explode").status_code == 404
    assert client.post("/campaigns/deliverables/999/cancel").status_code == 404



def test_the_dashboard_and_the_report_count_posts_agreed_published_and_late(client, auth, session, users):
    from outreach.core.deliverables import mark_published, record_deliverable

    manager = session.get(User, users["manager"][0])
    campaign, (maya, leo) = make_campaign_with_entries(session, manager.id)
    late = record_deliverable(session, manager, maya, "A review post", utc_today() - timedelta(days=2))
    record_deliverable(session, manager, leo, "A video", None)
    done = record_deliverable(session, manager, leo, "Two stories", utc_today() - timedelta(days=5))
    mark_published(session, manager, done, record_coverage(session, manager, leo, "https://leo.example/stories"))
    session.commit()
    auth.login("manager@example.com")
    summary = client.get(f"/dashboard/summary.csv?campaign={campaign.id}").data.decode()
    assert "\"Posts agreed, not yet published\",2" in summary and "Posts published,1" in summary and "Posts late,1" in summary
    assert late.status == "planned"
