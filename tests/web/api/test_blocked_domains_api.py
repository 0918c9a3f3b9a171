"""Blocked domains through the API: anyone lists and adds, a bad domain is a 422 with the reason,
only an admin removes; the page and the API keep one list."""

from __future__ import annotations


def test_scripts_keep_the_blocked_domains(api, client, auth):
    assert api["staff"].get("/blocked-domains").get_json() == []
    made = api["staff"].post("/blocked-domains", json={"domain": "press@Rival.example", "reason": "A competitor"})
    assert made.status_code == 201 and made.get_json()["domain"] == "rival.example"
    assert made.get_json()["reason"] == "A competitor" and made.get_json()["added_at"]
    again = api["manager"].post("/blocked-domains", json={"domain": "www.rival.example"})
    assert again.status_code == 422 and "blocked already" in again.get_json()["error"]
    bad = api["manager"].post("/blocked-domains", json={"domain": "localhost"})
    assert bad.status_code == 422 and "is not a domain" in bad.get_json()["error"]
    assert api["manager"].post("/blocked-domains", json={"domain": "a.example", "extra": 1}).status_code == 422
    auth.login("staff@example.com")
    assert "<td>rival.example</td>" in client.get("/do-not-contact").get_data(as_text=True)  # one list
    assert api["manager"].delete("/blocked-domains?domain=rival.example").status_code == 403
    gone = api["admin"].delete("/blocked-domains?domain=WWW.Rival.example")  # read as it is added
    assert gone.status_code == 200 and gone.get_json()["domain"] == "rival.example"
    assert api["admin"].delete("/blocked-domains?domain=rival.example").status_code == 404
    assert api["admin"].delete("/blocked-domains").status_code == 422  # which domain?
    assert api["admin"].delete("/blocked-domains?domain=localhost").status_code == 422  # not a domain
    assert api["staff"].get("/blocked-domains").get_json() == []
