"""Niches and campaigns set up through the API: with the forms' rules, the niche's warning when its
words match no post, managers alone setting up campaigns, and every refusal keeping what is stored."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.models import AuditEvent, Campaign, CampaignMember, Niche, NicheSeed
from outreach.web.search import app_index_dir
from scoring import refresh_index
from tests.factories import Collection


def test_a_niche_described_through_the_api_ranks_and_warns_of_words_no_post_uses(app, api, session):
    collection = Collection(session)
    collection.blog("Rita Runner", ["running"] * 6)
    for number in range(3):
        collection.blog(f"Cook {number}", ["cooking"] * 6)
    refresh_index(session, app_index_dir(app), rebuild=True)
    made = api["staff"].post("/niches", json={
        "name": "  Trail   running ", "brief": "We want bloggers who write about trail running and marathon training",
        "keywords": [{"term": "ultramarathon", "weight": 2}, {"term": "hills"}], "exclusions": ["treadmill"],
        "seed_texts": ["Hill repeats before a mountain marathon"], "seed_urls": ["https://rita.example/post"],
        "discover_every_days": 7})
    assert made.status_code == 201, made.json
    niche = made.json
    assert (niche["name"], niche["discover_every_days"], niche["warning"]) == ("Trail running", 7, None)
    assert niche["keywords"] == [{"term": "ultramarathon", "weight": 2.0}, {"term": "hills", "weight": 1.0}]
    assert [(seed["url"], seed["state"]) for seed in niche["seeds"]] == [
        ("https://rita.example/post", "not read yet: the next crawl reads it"), ("", "read, 6 words")]
    ranking = api["staff"].get(f"/niches/{niche['id']}/ranking?top=2").json
    assert ranking["items"][0]["name"] == "Rita Runner"

    foreign = api["staff"].post("/niches", json={"name": "Laufen", "brief": "Laufschuhe und Bergläufe"})
    assert foreign.status_code == 201 and "Is the brief in the language" in foreign.json["warning"]
    changed = api["staff"].patch(f"/niches/{foreign.json['id']}", json={
        "brief": "trail running shoes", "remove_seed_ids": [], "keywords": []})
    assert changed.status_code == 200 and changed.json["warning"] is None and changed.json["name"] == "Laufen"
    from outreach.core.models import Blog

    for blog in session.exec(select(Blog)):
        blog.language = "en"
    session.commit()
    german = api["staff"].patch(f"/niches/{foreign.json['id']}", json={
        "brief": "Wir suchen Blogger, die über Trail Running und ihre Läufe in den Bergen schreiben"})
    assert german.json["warning"].startswith("The brief is written in German, which none of the blogs writes in")
    seed_id = niche["seeds"][1]["id"]
    fewer = api["staff"].patch(f"/niches/{niche['id']}", json={"remove_seed_ids": [seed_id], "discover_every_days": 0})
    assert [seed["id"] for seed in fewer.json["seeds"]] == [niche["seeds"][0]["id"]]
    assert fewer.json["discover_every_days"] is None
    assert session.exec(select(AuditEvent.action).where(AuditEvent.object_type == "niche").order_by(AuditEvent.id)).all() == [
        "created", "created", "edited", "edited", "edited"]


def test_a_niche_refused_through_the_api_says_why_and_keeps_nothing(api, session):
    first = api["staff"].post("/niches", json={"name": "Coffee", "brief": "espresso and grinders"})
    assert first.status_code == 201
    for body, status, says in (
            ({"name": "coffee ", "brief": "x"}, 422, "brief is empty"),
            ({"name": "Coffee", "brief": "pour over"}, 409, "already exists"),
            ({"name": "Asks", "brief": "we want bloggers who write honest reviews"}, 422, "names no subject"),
            ({"name": "Bad seed", "brief": "tea", "seed_urls": ["ftp://tea.example/"]}, 422, "not an http(s) URL"),
            ({"name": "Bad word", "brief": "tea", "keywords": [{"term": "!!"}]}, 422, "has no word in it"),
            ({"name": "Heavy", "brief": "tea", "keywords": [{"term": "oolong", "weight": 11}]}, 422, "validate"),
            ({"name": "Empty exclusion", "brief": "tea", "exclusions": ["--"]}, 422, "must contain a word"),
            ({"name": "Often", "brief": "tea", "discover_every_days": 366}, 422, "validate"),
            ({"name": "", "brief": "tea"}, 422, "validate"), ({"brief": "tea"}, 422, "validate"),
            ({"name": "Extra", "brief": "tea", "colour": "red"}, 422, "validate")):
        refused = api["staff"].post("/niches", json=body)
        assert refused.status_code == status and says in refused.json["error"] + str(refused.json.get("details")), body
    niche_id = first.json["id"]
    assert api["staff"].post("/niches", json={"name": "Tea", "brief": "oolong"}).status_code == 201
    for body, status, says in (({}, 422, "at least one field"), ({"name": "Tea"}, 409, "already exists"),
                               ({"remove_seed_ids": [424242]}, 422, "has no seed 424242"),
                               ({"brief": "   "}, 422, "brief is empty")):
        refused = api["staff"].patch(f"/niches/{niche_id}", json=body)
        assert refused.status_code == status and says in refused.json["error"] + str(refused.json.get("details")), body
    assert api["staff"].patch(f"/niches/{niche_id + 40}", json={"brief": "tea"}).status_code == 404
    kept = session.get(Niche, niche_id)
    session.refresh(kept)
    assert (kept.name, kept.brief) == ("Coffee", "espresso and grinders")
    assert sorted(session.exec(select(Niche.name)).all()) == ["Coffee", "Tea"] and not session.exec(select(NicheSeed)).all()


def test_managers_set_up_campaigns_through_the_api_with_the_forms_rules(api, session, users):
    session.add(Niche(name="Coffee", brief="espresso"))
    session.commit()
    niche_id = session.exec(select(Niche.id)).one()
    staff_id = users["staff"][0]
    body = {"name": "Winter launch", "brand": " Northbrew ", "niche_id": niche_id, "starts_on": "2026-12-01",
            "ends_on": "2027-01-31", "brand_terms": ["Northbrew", "  Nordic   Roast "], "avoid_terms": ["energy drink"],
            "brand_sites": ["https://www.northbrew.example/shop", "northbrew.example"], "coverage_goal": 12,
            "budget": "2500.50", "budget_currency": "eur", "pitches_need_approval": True, "member_ids": [staff_id]}
    assert api["staff"].post("/campaigns", json=body).status_code == 403
    made = api["manager"].post("/campaigns", json=body)
    assert made.status_code == 201, made.json
    campaign = made.json
    assert (campaign["brand"], campaign["brand_terms"], campaign["brand_sites"]) == (
        "Northbrew", ["Northbrew", "Nordic Roast"], ["northbrew.example"])
    assert (campaign["budget"], campaign["budget_currency"], campaign["coverage_goal"]) == ("2500.50", "EUR", 12)
    assert [stage["kind"] for stage in campaign["stages"]][:3] == ["shortlisted", "researching", "pitched"]
    assert sorted(session.exec(select(CampaignMember.user_id).where(
        CampaignMember.campaign_id == campaign["id"])).all()) == sorted([users["manager"][0], staff_id])
    assert [row["name"] for row in api["staff"].get("/campaigns").json] == ["Winter launch"]

    changed = api["manager"].patch(f"/campaigns/{campaign['id']}", json={
        "budget": None, "niche_id": None, "brand_terms": None, "name": "Winter launch 2027", "member_ids": []})
    assert changed.status_code == 200, changed.json
    assert (changed.json["name"], changed.json["budget"], changed.json["niche_id"], changed.json["brand_terms"]) == (
        "Winter launch 2027", None, None, [])
    assert changed.json["brand"] == "Northbrew" and changed.json["avoid_terms"] == ["energy drink"]
    assert api["staff"].get(f"/campaigns/{campaign['id']}").status_code == 403  # no longer a member


def test_a_campaign_refused_through_the_api_says_why_and_keeps_what_is_stored(api, session, users):
    made = api["manager"].post("/campaigns", json={"name": "Spring", "budget": 100, "budget_currency": "USD"})
    assert made.status_code == 201
    campaign_id = made.json["id"]
    for body, status, says in (
            ({"name": "Spring"}, 409, "already exists"),
            ({"name": "Dates", "starts_on": "2026-05-01", "ends_on": "2026-04-01"}, 422, "end date is before"),
            ({"name": "Money", "budget": 100}, 422, "Say which currency"),
            ({"name": "Cents", "budget": "1.005", "budget_currency": "USD"}, 422, "validate"),
            ({"name": "Niche", "niche_id": 424242}, 404, "No niche with id 424242"),
            ({"name": "People", "member_ids": [424242]}, 404, "No active person with id 424242"),
            ({"name": "Kind", "coverage_stage_kind": "won"}, 422, "validate"),
            ({"name": "Coin", "budget": 5, "budget_currency": "E1R"}, 422, "validate"),
            ({"name": "   "}, 409, "needs a name")):
        refused = api["manager"].post("/campaigns", json=body)
        assert refused.status_code == status and says in refused.json["error"] + str(refused.json.get("details")), body
    for body, status, says in (({}, 422, "at least one field"), ({"budget_currency": None}, 422, "Say which currency"),
                               ({"ends_on": "1999-01-01", "starts_on": "2000-01-01"}, 422, "end date is before"),
                               ({"pitches_need_approval": None}, 422, "true or false")):
        refused = api["manager"].patch(f"/campaigns/{campaign_id}", json=body)
        assert refused.status_code == status and says in refused.json["error"] + str(refused.json.get("details")), body
    assert api["staff"].patch(f"/campaigns/{campaign_id}", json={"brand": "x"}).status_code == 403
    stored = session.get(Campaign, campaign_id)
    session.refresh(stored)
    assert (stored.name, str(stored.budget), stored.budget_currency) == ("Spring", "100.00", "USD")
    assert session.exec(select(Campaign.name)).all() == ["Spring"]


def test_a_manager_archives_a_finished_campaign_and_restores_it(api, session, users):
    made = api["manager"].post("/campaigns", json={"name": "Spring"}).json
    path = f"/campaigns/{made['id']}"
    assert api["staff"].post(path + "/archive").status_code == 403
    archived = api["manager"].post(path + "/archive")
    assert archived.status_code == 200 and archived.json["is_archived"] is True
    assert api["manager"].post(path + "/archive").status_code == 409  # already
    refused = api["manager"].patch(path, json={"brand": "Northbrew"})
    assert refused.status_code == 409 and "restore it first" in refused.json["error"]
    assert [campaign["is_archived"] for campaign in api["manager"].get("/campaigns").json] == [True]

    restored = api["manager"].post(path + "/restore")
    assert restored.status_code == 200 and restored.json["is_archived"] is False
    assert api["manager"].post(path + "/restore").status_code == 409  # not archived
    assert api["manager"].patch(path, json={"brand": "Northbrew"}).json["brand"] == "Northbrew"
    assert session.exec(select(AuditEvent.action).where(AuditEvent.object_type == "campaign",
                                                        AuditEvent.action.in_(("archived", "restored")))
                        ).all() == ["archived", "restored"]
    assert api["manager"].post("/campaigns/999/restore").status_code == 404


def test_an_admin_deletes_a_niche_and_its_campaign_keeps_running(api, session, users):
    made = api["manager"].post("/niches", json={"name": "Coffee", "brief": "home espresso and grinders",
                                                 "seed_texts": ["Dialling in a grinder"]}).json
    campaign = api["manager"].post("/campaigns", json={"name": "Autumn", "niche_id": made["id"]}).json
    for role in ("staff", "manager"):
        refused = api[role].delete(f"/niches/{made['id']}")
        assert refused.status_code == 403 and refused.json["error"] == "Only an admin deletes a niche."
    gone = api["admin"].delete(f"/niches/{made['id']}")
    assert gone.status_code == 200
    assert gone.json == {"id": made["id"], "name": "Coffee", "campaigns": 1, "seeds": 1, "verdicts": 0}
    assert api["admin"].get(f"/niches/{made['id']}").status_code == 404
    assert api["admin"].delete(f"/niches/{made['id']}").status_code == 404
    assert api["manager"].get(f"/campaigns/{campaign['id']}").json["niche_id"] is None
    assert session.exec(select(NicheSeed)).all() == []
