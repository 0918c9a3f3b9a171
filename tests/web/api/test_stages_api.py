"""A campaign's stages through the API (managers): add a column, rename it, put it elsewhere on the
board, and remove one with its cards moved first; refused as the stages page refuses."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.models import AuditEvent, PipelineEntry
from tests.factories import make_campaign_with_entries


def names(campaign_json) -> list[str]:
    return [stage["name"] for stage in sorted(campaign_json["stages"], key=lambda stage: stage["position"])]


def test_a_manager_shapes_a_campaigns_board_through_the_api(api, session, users):
    campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
    path = f"/campaigns/{campaign.id}/stages"
    before = names(api["manager"].get(f"/campaigns/{campaign.id}").json)
    assert api["staff"].post(path, json={"name": "Negotiating"}).status_code == 403

    added = api["manager"].post(path, json={"name": "Negotiating"})
    assert added.status_code == 201 and names(added.json) == before + ["Negotiating"]
    stage_id = next(stage["id"] for stage in added.json["stages"] if stage["name"] == "Negotiating")
    moved = api["manager"].patch(f"{path}/{stage_id}", json={"name": "Talking terms", "position": 1})
    assert moved.status_code == 200
    assert names(moved.json) == [before[0], "Talking terms", *before[1:]]
    assert [stage["position"] for stage in moved.json["stages"]] == list(range(len(before) + 1))

    for bad, status in (({"name": before[0].upper()}, 409), ({"position": 99}, 409), ({}, 422), ({"name": ""}, 422),
                        ({"position": -1}, 422), ({"colour": "red"}, 422)):
        refused = api["manager"].patch(f"{path}/{stage_id}", json=bad)
        assert refused.status_code == status, (bad, refused.json)
    assert api["manager"].post(path, json={"name": "talking TERMS"}).status_code == 409
    assert api["manager"].patch(f"{path}/999999", json={"name": "X"}).status_code == 404
    past_integers = 2 ** 31  # PostgreSQL refuses to compare it with an integer column: simply not found
    assert api["manager"].patch(f"{path}/{past_integers}", json={"name": "X"}).status_code == 404
    assert api["manager"].delete(f"{path}/{past_integers}?move_to={stage_id}").status_code == 404

    shortlisted = maya.stage_id
    held = api["manager"].delete(f"{path}/{shortlisted}")
    assert held.status_code == 409 and "choose a stage to move them to" in held.json["error"]
    assert api["manager"].delete(f"{path}/{shortlisted}?move_to=999999").status_code == 404
    removed = api["manager"].delete(f"{path}/{shortlisted}?move_to={stage_id}")
    assert removed.status_code == 200 and "Shortlisted" not in names(removed.json)
    session.expire_all()
    assert {entry.stage_id for entry in session.exec(select(PipelineEntry))} == {stage_id}
    assert session.exec(select(AuditEvent.action).where(AuditEvent.action.in_(
        ("added_stage", "renamed_stage", "reordered_stages", "removed_stage"))).order_by(AuditEvent.id)).all() == [
        "added_stage", "renamed_stage", "reordered_stages", "removed_stage"]
