"""Deliverables through the API: recorded, published as a coverage post of their entry, listed."""

from __future__ import annotations

from tests.factories import make_campaign_with_entries


def test_deliverables_through_the_api(api, session, users):
    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    made = api["manager"].post(f"/entries/{maya.id}/deliverables",
                               json={"description": "A video", "due_on": "2026-12-20"})
    assert made.status_code == 201 and made.json["status"] == "planned" and made.json["due_on"] == "2026-12-20"
    assert api["manager"].post(f"/entries/{maya.id}/deliverables", json={"description": ""}).status_code == 422
    assert api["staff"].get(f"/entries/{maya.id}/deliverables").status_code == 403
    deliverable_id = made.json["id"]
    moved = api["manager"].patch(f"/deliverables/{deliverable_id}", json={"due_on": "2026-12-27"})
    assert moved.status_code == 200 and moved.json["due_on"] == "2026-12-27"
    assert api["manager"].patch(f"/deliverables/{deliverable_id}", json={"due_on": "soon"}).status_code == 422
    assert api["staff"].patch(f"/deliverables/{deliverable_id}", json={"due_on": None}).status_code == 403
    assert api["manager"].post(f"/deliverables/{deliverable_id}/status", json={"status": "published"}).status_code == 422
    post = api["manager"].post(f"/entries/{maya.id}/coverage", json={"url": "https://maya.example/video"}).json
    other = api["manager"].post(f"/entries/{leo.id}/coverage", json={"url": "https://leo.example/video"}).json
    wrong = api["manager"].post(f"/deliverables/{deliverable_id}/status",
                                json={"status": "published", "coverage_id": other["id"]})
    assert wrong.status_code == 409
    done = api["manager"].post(f"/deliverables/{deliverable_id}/status",
                               json={"status": "published", "coverage_id": post["id"]})
    assert done.status_code == 200 and done.json["coverage_id"] == post["id"] and done.json["status"] == "published"
    assert [row["status"] for row in api["manager"].get(f"/entries/{maya.id}/deliverables").json] == ["published"]
    report = api["manager"].get(f"/reports/pipeline?campaign_id={campaign.id}").json
    assert (report["posts_agreed"], report["posts_published"], report["posts_late"]) == (0, 1, 0)
