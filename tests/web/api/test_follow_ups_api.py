"""Follow-ups through the API: whoever owns an entry reads theirs due (on their own time zone's day),
the days ahead when asked, and snoozes or finishes one with the entry's PATCH."""

from __future__ import annotations

from datetime import timedelta

from outreach.core.models import PipelineEntry, User
from outreach.core.time_zones import today_in
from tests.factories import make_campaign_with_entries


def test_staff_read_their_follow_ups_due_and_ahead_then_snooze_and_finish_them(api, session, users):
    staff_id = users["staff"][0]
    campaign, (maya, leo, ada, ben) = make_campaign_with_entries(session, users["manager"][0],
                                                                 names=("Maya", "Leo", "Ada", "Ben"))
    from outreach.core.campaigns import set_members

    set_members(session, campaign, [staff_id], keep=users["manager"][0])
    today = today_in(session.get(User, staff_id).time_zone)
    for entry, days, owner in ((maya, -3, staff_id), (leo, 0, staff_id), (ada, 5, staff_id),
                               (ben, -1, users["manager"][0])):  # Ben's is the manager's
        entry.next_follow_up_on, entry.owner_id = today + timedelta(days=days), owner
        session.add(entry)
    session.commit()

    due = api["staff"].get("/follow-ups")
    assert due.status_code == 200
    assert [(item["name"], item["days_overdue"], item["campaign_name"]) for item in due.json] == [
        ("Maya", 3, "Autumn launch"), ("Leo", 0, "Autumn launch")]
    assert due.json[0]["due_on"] == str(today - timedelta(days=3)) and due.json[0]["stage"] == "Shortlisted"
    ahead = api["staff"].get("/follow-ups?days=7").json
    assert [(item["name"], item["days_overdue"]) for item in ahead] == [("Maya", 3), ("Leo", 0), ("Ada", -5)]
    assert [item["name"] for item in api["manager"].get("/follow-ups").json] == ["Ben"]
    for bad in ("?days=31", "?days=-1", "?days=soon", "?colour=red"):
        assert api["staff"].get("/follow-ups" + bad).status_code == 422, bad

    maya_item = due.json[0]
    snoozed = api["staff"].patch(f"/entries/{maya_item['entry_id']}", json={
        "version": maya_item["version"], "next_follow_up_on": str(today + timedelta(days=2))})
    assert snoozed.status_code == 200
    done = api["staff"].patch(f"/entries/{leo.id}", json={"version": due.json[1]["version"],
                                                          "next_follow_up_on": None})
    assert done.status_code == 200
    assert api["staff"].get("/follow-ups").json == []
    session.expire_all()
    assert session.get(PipelineEntry, leo.id).next_follow_up_on is None
