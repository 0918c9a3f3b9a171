"""Share of voice through the API: the page's numbers, the chosen monitors or every active one, and
a bad call refused with the reason."""

from __future__ import annotations

from outreach.core.models import User
from outreach.core.monitors import save_monitor
from tests.web.test_listening import listening_setup


def test_share_of_voice_reads_as_the_page_does(api, session, users):
    monitor, _ = listening_setup(session, users)
    rival = save_monitor(session, session.get(User, users["manager"][0]), None, name="Ridgeline", terms="Ridgeline")
    session.commit()
    every = api["staff"].get("/reports/share-of-voice")
    assert every.status_code == 200 and len(every.json["weeks"]) in (12, 13)
    assert [(brand["name"], brand["mentions"], brand["mention_share"]) for brand in every.json["brands"]] == [
        ("Ridgeline", 0, 0.0), ("Trailfox", 1, 1.0)]
    assert sum(every.json["brands"][1]["weekly"]) == 1
    one = api["staff"].get(f"/reports/share-of-voice?monitors={rival.id}&start=2026-01-01&end=2026-01-31").json
    assert [brand["name"] for brand in one["brands"]] == ["Ridgeline"] and one["start"] == "2026-01-01"
    for bad in ("monitors=a,b", "monitors=" + ",".join(["1"] * 11), "start=2026-02-01&end=2026-01-01",
                "start=1999-01-01"):
        assert api["staff"].get(f"/reports/share-of-voice?{bad}").status_code == 422, bad
    missing = api["staff"].get(f"/reports/share-of-voice?monitors={monitor.id},424242")
    assert missing.status_code == 404 and missing.json["error"] == "No monitor with id 424242."
