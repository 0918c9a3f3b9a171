"""The bulk API: the same actions, limits and refusals as the pages' bulk bars."""

from __future__ import annotations

from outreach.core.models import Blogger, CampaignMember
from outreach.core.stages import stage_of_kind
from tests.factories import make_campaign_with_entries


def test_api_bulk_has_the_same_rules(api, session, users):
    campaign, (ann, ben, cat) = make_campaign_with_entries(session, users["manager"][0], names=("Ann", "Ben", "Cat"))
    session.get(Blogger, cat.blogger_id).do_not_contact = True
    session.commit()
    pitched = stage_of_kind(session, campaign.id, "pitched")
    path = f"/campaigns/{campaign.id}/entries/bulk"
    moved = api["manager"].post(path, json={"action": "move", "stage_id": pitched.id,
                                            "entry_ids": [ann.id, ben.id, cat.id], "versions": [1, 99, 1]})
    body = moved.get_json()
    assert moved.status_code == 200 and body["done"] == [ann.id]
    assert {item["id"] for item in body["refused"]} == {ben.id, cat.id}
    assert "do-not-contact" in next(item["reason"] for item in body["refused"] if item["id"] == cat.id)
    too_many = api["manager"].post(path, json={"action": "move", "entry_ids": list(range(1, 502))})
    assert too_many.status_code == 422
    huge = api["manager"].post("/blogs/bulk", json={"action": "do_not_contact", "blog_ids": [2**63]})
    assert huge.status_code == 422  # it was a 500
    assert api["staff"].post(path, json={"action": "move", "entry_ids": [ann.id]}).status_code == 403
    session.add(CampaignMember(campaign_id=campaign.id, user_id=users["staff"][0]))
    session.commit()
    no_stage = api["staff"].post(path, json={"action": "move", "entry_ids": [ann.id]})
    assert no_stage.status_code == 422 and "Choose the stage" in no_stage.get_json()["error"]
    blogs = api["manager"].post("/blogs/bulk", json={"action": "do_not_contact", "blog_ids": [1, 2], "reason": "x"})
    assert blogs.status_code == 200 and len(blogs.get_json()["done"]) == 2


def test_an_archived_campaign_is_read_only_in_the_api(api, session, users):
    campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
    campaign.is_archived = True
    session.add(campaign)
    session.commit()
    assert api["manager"].get(f"/entries/{maya.id}").status_code == 200
    refused = api["manager"].patch(f"/entries/{maya.id}", json={"version": maya.version})
    assert refused.status_code == 409 and "archived" in refused.get_json()["error"]
    bulk = api["manager"].post(f"/campaigns/{campaign.id}/entries/bulk", json={"action": "set_owner", "entry_ids": [maya.id]})
    assert bulk.status_code == 409


def test_an_unknown_query_parameter_is_refused_not_ignored(api):
    # A typo (?campain_id=) silently ignored would report on every campaign.
    refused = api["manager"].get("/reports/pipeline?campain_id=1")
    assert refused.status_code == 422 and refused.get_json()["details"][0]["field"] == "campain_id"
