"""Monitors and mentions through the API: what the mentions page lists, under its filters, paged,
with the post's engagement; a bad filter is refused with the reason."""

from __future__ import annotations

from outreach.core.models import User
from outreach.core.monitors import save_monitor
from tests.web.test_listening import listening_setup


def test_mentions_read_as_the_page_lists_them(api, session, users):
    monitor, blogger = listening_setup(session, users)
    quiet = save_monitor(session, session.get(User, users["manager"][0]), None, name="Ridgeline", terms="Ridgeline")
    session.commit()
    monitors = api["staff"].get("/monitors").json
    assert [(row["name"], row["terms"], row["mentions"]) for row in monitors] == [
        ("Ridgeline", ["Ridgeline"], 0), ("Trailfox", ["Trailfox"], 1)]
    assert "webhook_url" not in monitors[0] and "webhook_secret" not in monitors[0]

    listed = api["staff"].get("/mentions")
    assert listed.status_code == 200 and listed.json["has_more"] is False
    [mention] = listed.json["items"]
    assert (mention["monitor_name"], mention["blogger_name"], mention["blogger_id"]) == ("Trailfox", "Rita Ridge",
                                                                                        blogger.id)
    assert mention["matched_terms"] == ["Trailfox"] and "Trailfox vest" in mention["excerpt"]
    assert (mention["post_url"], mention["comments"], mention["platform"]) == ("https://rita.example/p1", 4, "blog")
    assert api["staff"].get(f"/mentions?monitor_id={quiet.id}").json["items"] == []
    assert api["staff"].get("/mentions?platform=youtube").json["items"] == []
    assert api["staff"].get("/mentions?start=2000-01-01&per_page=1").json["items"][0]["id"] == mention["id"]

    for bad in ("platform=fax", "per_page=0", "start=2026-02-01&end=2026-01-01", "monitor_id=x", "page=0"):
        assert api["staff"].get(f"/mentions?{bad}").status_code == 422, bad
    missing = api["staff"].get(f"/mentions?monitor_id={quiet.id + 40}")
    assert missing.status_code == 404 and missing.json["error"] == f"No monitor with id {quiet.id + 40}."
