"""The API sets a blogger's relationship by hand, or hands it back to the pipeline."""

from __future__ import annotations

from tests.factories import make_campaign_with_entries


def test_api_sets_and_hands_back_the_relationship(api, session, users):
    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    chosen = api["staff"].patch(f"/bloggers/{entry.blogger_id}", json={"relationship_status": "warm"})
    assert (chosen.json["relationship_status"], chosen.json["relationship_set_by_hand"]) == ("warm", True)
    back = api["staff"].patch(f"/bloggers/{entry.blogger_id}", json={"relationship_status": "pipeline"})
    assert (back.json["relationship_status"], back.json["relationship_set_by_hand"]) == ("new", False)
