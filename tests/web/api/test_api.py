"""The JSON API: tokens, role rules, each operation, and clear errors for bad input."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.models import ApiToken, AuditEvent, PipelineEntry, Pitch, PitchTemplate, Sample, Stage
from outreach.core.stages import stage_of_kind
from tests.factories import make_blogger, make_campaign_with_entries


def test_missing_bad_and_revoked_tokens_are_401(client, api, session, tokens):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer otk_nope"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Basic abc"}).json["error"].startswith("Send your API token")
    assert api["staff"].get("/me").json["email"] == "staff@example.com"
    token = session.exec(select(ApiToken).where(ApiToken.name == "staff script")).one()
    from outreach.core.tokens import revoke_token

    revoke_token(session, token)
    session.commit()
    response = api["staff"].get("/me")
    assert response.status_code == 401 and response.json == {"error": "This token is unknown or was revoked."}


def test_openapi_document_is_public_and_lists_operations(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    assert "patch" in document["paths"]["/entries/{entry_id}"]
    assert "EntryUpdate" in document["components"]["schemas"]


def test_unknown_ids_and_routes_are_json_404(api):
    for path in ("/blogs/999", "/bloggers/999", "/campaigns/999", "/entries/999", "/niches/999", "/nope",
                 "/blogs/99999999999999999999"):
        response = api["admin"].get(path)
        assert response.status_code == 404 and "error" in response.json, path
    # Past every id, where a rule for GET shares the path: not found, not "method not allowed".
    for entry_id in (2**31, 2**63):
        response = api["admin"].post(f"/entries/{entry_id}/pitches", json={"channel": "email"})
        assert response.status_code == 404 and "error" in response.json, entry_id


def test_blogs_search_and_paging(api, session):
    for index in range(3):
        make_blogger(session, f"Writer {index}", slug=f"w{index}")
    session.commit()
    page = api["staff"].get("/blogs?per_page=2").json
    assert page["total"] == 3 and len(page["items"]) == 2
    assert api["staff"].get("/blogs?q=Writer 1").json["total"] == 1
    bad = api["staff"].get("/blogs?per_page=0")
    assert bad.status_code == 422 and bad.json["details"][0]["field"] == "per_page"


def test_blogger_relationship_patch(api, session):
    blogger = make_blogger(session, "Maya", slug="maya")
    session.commit()
    ok = api["staff"].patch(f"/bloggers/{blogger.id}", json={"relationship_status": "warm"})
    assert ok.status_code == 200 and ok.json["relationship_status"] == "warm"
    assert api["staff"].patch(f"/bloggers/{blogger.id}", json={"relationship_status": "do_not_contact"}).status_code == 422
    assert api["staff"].patch(f"/bloggers/{blogger.id}", json={"relationship_status": "warm", "x": 1}).status_code == 422


def test_malformed_json_and_wrong_content_type(api, session, client, tokens):
    blogger = make_blogger(session, "Maya", slug="maya")
    session.commit()
    headers = {"Authorization": f"Bearer {tokens['staff']}", "Content-Type": "application/json"}
    broken = client.patch(f"/api/v1/bloggers/{blogger.id}", data="{not json", headers=headers)
    assert broken.status_code == 400 and broken.json["error"] == "The body is not valid JSON."
    form = client.patch(f"/api/v1/bloggers/{blogger.id}", data="relationship_status=warm",
                        headers={"Authorization": f"Bearer {tokens['staff']}"})
    assert form.status_code == 415


def test_staff_sees_only_member_campaigns(api, session, users):
    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    assert api["staff"].get("/campaigns").json == []
    assert api["staff"].get(f"/campaigns/{campaign.id}").status_code == 403
    assert api["staff"].get(f"/entries/{entry.id}").status_code == 403
    listed = api["manager"].get("/campaigns").json
    assert [c["name"] for c in listed] == ["Autumn launch"] and len(listed[0]["stages"]) == 9


def test_move_entry_with_version_and_conflict(api, session, users):
    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    pitched = stage_of_kind(session, campaign.id, "pitched")
    moved = api["manager"].patch(f"/entries/{entry.id}", json={"version": entry.version, "stage_id": pitched.id})
    assert moved.status_code == 200 and moved.json["stage_id"] == pitched.id
    stale = api["manager"].patch(f"/entries/{entry.id}", json={"version": entry.version, "stage_id": pitched.id + 1})
    assert stale.status_code == 409
    session.expire_all()
    assert session.get(PipelineEntry, entry.id).stage_id == pitched.id
    foreign = api["manager"].patch(f"/entries/{entry.id}", json={"version": moved.json["version"], "stage_id": 99999})
    assert foreign.status_code == 404
    follow = api["manager"].patch(f"/entries/{entry.id}", json={"version": moved.json["version"],
                                                                "next_follow_up_on": "2026-12-01"})
    assert follow.json["next_follow_up_on"] == "2026-12-01"
    # The same rule and the same audit record as the entry page's follow-up form.
    audited = session.exec(select(AuditEvent).where(AuditEvent.action == "set_follow_up")).one()
    assert audited.details == {"via": "api", "next_follow_up_on": "2026-12-01"}
    bad_date = api["manager"].patch(f"/entries/{entry.id}", json={"version": 1, "next_follow_up_on": "2026-13-45"})
    assert bad_date.status_code == 422


def test_shortlist_pitch_and_sample(api, session, users):
    campaign, _ = make_campaign_with_entries(session, users["manager"][0], names=())
    blogger = make_blogger(session, "New Voice", slug="new")
    session.commit()
    created = api["manager"].post(f"/campaigns/{campaign.id}/entries", json={"blogger_id": blogger.id, "score": 71})
    assert created.status_code == 201
    entry_id = created.json["id"]
    again = api["manager"].post(f"/campaigns/{campaign.id}/entries", json={"blogger_id": blogger.id})
    assert again.status_code == 409
    assert api["manager"].post(f"/campaigns/{campaign.id}/entries", json={"blogger_id": 4242}).status_code == 404
    template = PitchTemplate(name="Intro", subject="Hi")
    session.add(template)
    session.commit()
    missing = api["manager"].post(f"/entries/{entry_id}/pitches", json={"subject": "Hi", "template_id": 4242})
    assert missing.status_code == 404 and missing.json["error"] == "No pitch template with id 4242."
    pitch = api["manager"].post(f"/entries/{entry_id}/pitches", json={"channel": "email", "subject": "Hi",
                                                                      "template_id": template.id})
    assert pitch.status_code == 201 and pitch.json["template_id"] == template.id
    assert session.get(Stage, session.get(PipelineEntry, entry_id).stage_id).kind == "pitched"
    assert api["manager"].post(f"/entries/{entry_id}/pitches", json={"channel": "pigeon"}).status_code == 422
    sample = api["manager"].post(f"/entries/{entry_id}/samples", json={
        "item": "Kettle", "quantity": 1, "unit_value": "39.90", "currency": "eur", "status": "sent"})
    assert sample.status_code == 201 and sample.json["currency"] == "EUR"
    assert [s["item"] for s in api["manager"].get(f"/entries/{entry_id}/samples").json] == ["Kettle"]
    assert len(api["manager"].get(f"/entries/{entry_id}/pitches").json) == 1
    assert api["manager"].post(f"/entries/{entry_id}/samples", json={"item": ""}).status_code == 422
    assert len(session.exec(select(Sample)).all()) == 1 and len(session.exec(select(Pitch)).all()) == 1


def test_pitching_do_not_contact_is_403_and_logs_nothing(api, session, users):
    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    from outreach.core.models import Blogger

    blogger = session.get(Blogger, entry.blogger_id)
    blogger.do_not_contact = True
    session.add(blogger)
    session.commit()
    response = api["manager"].post(f"/entries/{entry.id}/pitches", json={"subject": "Hi"})
    assert response.status_code == 403 and "do-not-contact" in response.json["error"]
    assert session.exec(select(Pitch)).all() == []
    sample = api["manager"].post(f"/entries/{entry.id}/samples", json={"item": "Kettle"})
    assert sample.status_code == 403 and "the sample was not recorded" in sample.json["error"]
    pitched = stage_of_kind(session, campaign.id, "pitched")
    moved = api["manager"].patch(f"/entries/{entry.id}", json={"version": entry.version, "stage_id": pitched.id})
    assert moved.status_code == 403 and "not moved to Pitched" in moved.json["error"]
    session.expire_all()
    assert session.exec(select(Sample)).all() == [] and session.get(PipelineEntry, entry.id).stage_id != pitched.id


def test_add_blog_by_url(api, session):
    from outreach.core.models import Blog

    created = api["staff"].post("/blogs", json={"url": "blog.example/", "tags": ["coffee"]})
    assert created.status_code == 201 and created.json["status"] == "pending"
    again = api["staff"].post("/blogs", json={"url": "http://BLOG.example/"})
    assert again.status_code == 200 and again.json["id"] == created.json["id"]
    bad = api["staff"].post("/blogs", json={"url": "javascript:alert(1)"})
    assert bad.status_code == 422 and bad.json["error"].startswith("Not added:")
    assert len(session.exec(select(Blog)).all()) == 1


def test_niche_ranking_through_the_api(app, api, session):
    from outreach.core.models import Blog, Niche
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import Collection

    session.add(Niche(name="Running", brief="trail running marathon training"))
    session.commit()
    missing = api["staff"].get("/niches/1/ranking").json
    assert missing["items"] == [] and "not been built" in missing["message"]
    collection = Collection(session)
    collection.blog("Rita Runner", ["running"] * 6)
    for number in range(4):
        collection.blog(f"Cook {number}", ["cooking"] * 6)
    refresh_index(session, app_index_dir(app), rebuild=True)
    ranking = api["staff"].get("/niches/1/ranking?top=3").json
    assert len(ranking["items"]) == 3 and ranking["items"][0]["name"] == "Rita Runner"
    assert set(ranking["items"][0]) == {"blog_id", "name", "url", "feed_url", "score", "evidence", "fit"}
    assert api["staff"].get("/niches/1/ranking?top=0").status_code == 422
    session.add(Niche(name="Laufen", brief="Laufschuhe und Bergläufe"))
    session.commit()
    foreign = api["staff"].get("/niches/2/ranking")
    assert foreign.status_code == 200 and foreign.json["items"] == []
    assert "(not found: Laufschuhe, und, Bergläufe). Is the brief in the language" in foreign.json["message"]
    # Within one language: the cooks write German here, and keep the scores they have among all.
    for blog in session.exec(select(Blog)):
        blog.language = "en" if blog.title.startswith("Rita") else "de"
    session.commit()
    every = {row["blog_id"]: row["score"] for row in api["staff"].get("/niches/1/ranking?top=5").json["items"]}
    german = api["staff"].get("/niches/1/ranking?top=5&language=de").json
    assert "Rita Runner" not in [row["name"] for row in german["items"]] and german["ranked"] == 4
    assert {row["blog_id"]: row["score"] for row in german["items"]} == {
        blog_id: score for blog_id, score in every.items() if blog_id in {row["blog_id"] for row in german["items"]}}
    assert api["staff"].get("/niches/1/ranking?language=German").status_code == 422
    blogs = api["staff"].get("/blogs?language=en").json
    assert [(item["title"], item["language"]) for item in blogs["items"]] == [("Rita Runner's blog", "en")]


def test_marking_blogs_a_good_fit_or_not_through_the_api(app, api, session):
    from outreach.core.models import AuditEvent, Niche, NicheFit
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import Collection

    session.add(Niche(name="Running", brief="trail running marathon training"))
    session.commit()
    collection = Collection(session)
    rita = collection.blog("Rita Runner", ["running"] * 6)
    cook = collection.blog("Cook", ["cooking"] * 3 + ["running"] * 3)
    for number in range(4):
        collection.blog(f"Cook {number}", ["cooking"] * 6)
    refresh_index(session, app_index_dir(app), rebuild=True)
    before = {item["name"]: item for item in api["staff"].get("/niches/1/ranking").json["items"]}
    assert before["Cook"]["fit"] is None
    marked = api["staff"].put(f"/niches/1/fits/{cook.id}", json={"fit": False})
    assert marked.status_code == 200 and marked.json == {"niche_id": 1, "blog_id": cook.id, "fit": False}
    assert api["staff"].put(f"/niches/1/fits/{rita.id}", json={"fit": True}).json["fit"] is True
    assert api["staff"].get("/niches/1/fits").json == [{"niche_id": 1, "blog_id": rita.id, "fit": True},
                                                       {"niche_id": 1, "blog_id": cook.id, "fit": False}]
    after = {item["name"]: item for item in api["staff"].get("/niches/1/ranking").json["items"]}
    assert after["Cook"]["fit"] is False and after["Rita Runner"]["fit"] is True
    assert after["Cook"]["score"] < before["Cook"]["score"]  # the ranking leans away from what it writes
    # Bad calls: a clear answer, nothing stored.
    assert api["staff"].put("/niches/1/fits/99999", json={"fit": True}).status_code == 404
    assert api["staff"].put("/niches/99/fits/1", json={"fit": True}).status_code == 404
    assert api["staff"].put(f"/niches/1/fits/{cook.id}", json={}).status_code == 422
    assert api["staff"].put(f"/niches/1/fits/{cook.id}", json={"fit": "maybe"}).status_code == 422
    assert api["staff"].put(f"/niches/1/fits/{cook.id}", json={"fit": None}).json["fit"] is None
    session.expire_all()
    assert session.exec(select(NicheFit.blog_id, NicheFit.fit)).all() == [(rita.id, True)]
    assert {"marked_fit", "cleared_fit"} <= set(session.exec(select(AuditEvent.action)).all())


def test_similar_blogs_through_the_api(app, api, session):
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import runners_and_cooks

    runner = runners_and_cooks(session, cooks=4)
    missing = api["staff"].get(f"/blogs/{runner.id}/similar").json
    assert missing["items"] == [] and "not been built" in missing["message"]
    refresh_index(session, app_index_dir(app), rebuild=True)
    similar = api["staff"].get(f"/blogs/{runner.id}/similar?top=2").json
    assert [item["name"] for item in similar["items"]][0] == "Sam Sprinter" and len(similar["items"]) == 2
    assert runner.id not in [item["blog_id"] for item in similar["items"]]
    assert {"matched_terms", "topical_match", "meaning_match"} <= set(similar["items"][0]["evidence"])
    assert api["staff"].get(f"/blogs/{runner.id}/similar?top=0").status_code == 422
    assert api["staff"].get("/blogs/99999/similar").status_code == 404


def test_pipeline_report_and_its_date_filters(api, scenario):
    campaign, _, _ = scenario
    report = api["manager"].get(f"/reports/pipeline?campaign_id={campaign.id}").json
    assert (report["pitched"], report["replied"], report["won"]) == (3, 2, 1)
    assert report["funnel"][0] == {"stage": "Shortlisted", "current": 1, "reached": 4, "conversion_to_next": 0.75}
    assert api["staff"].get("/reports/pipeline").status_code == 403
    reversed_range = api["manager"].get("/reports/pipeline?start=2026-12-01&end=2026-01-01")
    assert reversed_range.status_code == 422 and reversed_range.json["error"] == "The end date is before the start date."
    far = api["manager"].get("/reports/pipeline?start=1066-10-14")
    assert far.status_code == 422 and far.json["details"][0]["field"] == "start"
    assert api["manager"].get("/reports/pipeline?start=yesterday").status_code == 422
    assert api["manager"].get("/reports/pipeline?campaign_id=999").status_code == 404


def test_discover_candidates_and_decide_through_the_api(app, api, session):
    from outreach.core.models import Blog, BlogCandidate, Niche
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.web.test_discovery import linking_blogs

    linking_blogs(session)
    niche = session.exec(select(Niche)).one()
    missing = api["staff"].post("/candidates/discover", json={"niche_id": niche.id}).json
    assert missing["items"] == [] and "not been built" in missing["message"]
    refresh_index(session, app_index_dir(app), rebuild=True)
    found = api["staff"].post("/candidates/discover", json={"niche_id": niche.id}).json
    assert found["message"] == "" and found["sources"] >= 2
    assert found["items"][0]["url"] == "http://trail-friend.example/" and found["items"][0]["times_seen"] == 1
    assert api["staff"].post("/candidates/discover", json={"niche_id": 999}).status_code == 422
    assert api["staff"].post("/candidates/discover", json={"niche": niche.id}).status_code == 422
    listed = api["staff"].get("/candidates?per_page=1").json
    assert [item["site"] for item in listed["items"]] == ["trail-friend.example"]
    assert len(api["staff"].get(f"/candidates?niche_id={niche.id}").json["items"]) == len(found["items"])
    assert api["staff"].get("/candidates?niche_id=999").json["items"] == []
    first, second = (item["id"] for item in found["items"][:2])
    added = api["staff"].post(f"/candidates/{first}/accept")
    assert added.status_code == 201 and added.json["feed_url"] == "http://trail-friend.example/"
    again = api["staff"].post(f"/candidates/{first}/accept")
    assert again.status_code == 409 and again.json["error"] == f"Candidate {first} was already accepted."
    assert api["staff"].post(f"/candidates/{second}/reject").json["status"] == "rejected"
    assert api["staff"].post("/candidates/99999/reject").status_code == 404
    assert api["staff"].get("/candidates").json["items"] == []
    assert session.exec(select(Blog.source).where(Blog.feed_url == "http://trail-friend.example/")).one() == "discovered"
    assert {row.status for row in session.exec(select(BlogCandidate))} == {"accepted", "rejected"}


def test_candidates_read_by_the_crawl_show_their_posts_and_fit_through_the_api(app, api, session, site, options):
    from outreach.core.models import BlogCandidate, Niche
    from outreach.jobs.discovery import read_waiting_candidates
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.jobs.test_candidate_feeds import serve_blog
    from tests.web.test_discovery import linking_blogs

    linking_blogs(session)
    niche = session.exec(select(Niche)).one()
    refresh_index(session, app_index_dir(app), rebuild=True)
    session.add_all([BlogCandidate(url=serve_blog(site, name, topic), site=f"{name}.example",
                                   details={"found_for": [niche.id]})
                     for name, topic in (("stitches", "knitting"), ("trails", "running"))])
    session.commit()
    unread = api["staff"].get(f"/candidates?niche_id={niche.id}").json["items"]
    assert [(item["read_at"], item["preview"]) for item in unread] == [(None, None), (None, None)]
    read_waiting_candidates(session.get_bind(), app_index_dir(app), options)
    items = api["staff"].get(f"/candidates?niche_id={niche.id}").json["items"]
    assert [item["site"] for item in items] == ["trails.example", "stitches.example"]  # best fit first
    trails = items[0]["preview"]
    assert trails["feed_url"] == f"{site.url}/trails/feed.xml" and trails["error"] == ""
    assert trails["posts"][0]["title"] == "trails on running #0" and trails["posts"][0]["published"]
    fit = trails["fits"][str(niche.id)]
    assert fit["place"] == 1 and fit["of"] == 7 and fit["score"] > items[1]["preview"]["fits"][str(niche.id)]["score"]
    again = api["staff"].post(f"/candidates/{items[0]['id']}/read-again")
    assert again.status_code == 200 and (again.json["read_at"], again.json["preview"]) == (None, None)
    api["staff"].post(f"/candidates/{items[1]['id']}/reject")
    refused = api["staff"].post(f"/candidates/{items[1]['id']}/read-again")
    assert refused.status_code == 409 and refused.json["error"] == f"Candidate {items[1]['id']} was already rejected."
    assert api["staff"].post("/candidates/99999/read-again").status_code == 404


def test_control_characters_in_a_body_are_dropped_not_a_server_error(api, session, users):
    """PostgreSQL refuses a NUL in text: one pasted into a JSON string was a 500 there."""
    campaign, (entry,) = make_campaign_with_entries(session, users["manager"][0], names=("Maya",))
    pitch = api["manager"].post(f"/entries/{entry.id}/pitches",
                                json={"channel": "email", "subject": "Our\u0000 new\u0007 kettle"})
    assert pitch.status_code == 201 and pitch.json["subject"] == "Our new kettle"
    session.expire_all()
    assert session.exec(select(Pitch.subject)).one() == "Our new kettle"
    # The document's limits hold for what was sent: control characters do not make room.
    too_long = api["manager"].post("/fields", json={"name": "Size", "kind": "choice",
                                                    "choices": ["S", "\u0002\u001d" + "x" * 999]})
    assert too_long.status_code == 422
    assert too_long.json["details"] == [{"field": "choices.1", "problem": "String should have at most 1000 characters"}]


def test_a_forgotten_bloggers_blog_is_refused_by_the_api(api, session, users):
    from outreach.core.forgetting import forget_blogger
    from outreach.core.models import Blog, User

    maya = make_blogger(session, "Maya Pour", slug="maya")
    forget_blogger(session, session.get(User, users["admin"][0]), maya)
    session.commit()
    refused = api["manager"].post("/blogs", json={"url": "http://www.maya.example/feed/"})
    assert refused.status_code == 422 and "asked to be forgotten on" in refused.get_json()["error"]
    assert session.exec(select(Blog)).all() == []


def test_admins_answer_a_bloggers_data_requests_through_the_api(api, session, users):
    from outreach.core.models import Blogger, ContactDetail

    maya = make_blogger(session, "Maya Pour", slug="maya")
    session.add(ContactDetail(blogger_id=maya.id, kind="email", value="maya@pour.example", found_by="about page"))
    session.commit()
    maya_id = maya.id
    for path in (f"/bloggers/{maya_id}/export", f"/bloggers/{maya_id}/forget"):
        assert api["manager"].get(path).status_code == 403
    assert api["manager"].post(f"/bloggers/{maya_id}/forget", json={"counts": {}}).status_code == 403
    exported = api["admin"].get(f"/bloggers/{maya_id}/export").get_json()
    assert exported["person"]["name"] == "Maya Pour" and exported["contacts"][0]["value"] == "maya@pour.example"
    counts = api["admin"].get(f"/bloggers/{maya_id}/forget").get_json()["counts"]
    assert counts["blogs"] == 1 and counts["contacts"] == 1
    stale = api["admin"].post(f"/bloggers/{maya_id}/forget", json={"counts": {**counts, "contacts": 0}})
    assert stale.status_code == 409 and session.get(Blogger, maya_id) is not None
    assert api["admin"].post(f"/bloggers/{maya_id}/forget", json={"counts": "all"}).status_code == 422
    done = api["admin"].post(f"/bloggers/{maya_id}/forget", json={"counts": counts})
    assert done.status_code == 200 and done.get_json() == {"blogger_id": maya_id, "deleted": counts}
    session.expunge_all()
    assert session.get(Blogger, maya_id) is None
    assert api["admin"].get(f"/bloggers/{maya_id}/export").status_code == 404


def test_coverage_with_measures_and_link_checks_through_the_api(api, session, users):
    from decimal import Decimal

    from outreach.core.models import Coverage, utcnow

    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    campaign.brand_sites = ["northbrew.example"]
    checked = utcnow()
    session.add_all([
        Coverage(entry_id=maya.id, url="https://maya.example/kettle", title="Kettle day", status="confirmed",
                 matched_terms=["Northbrew"], decided_at=checked, shares=30, economic_value=Decimal("150.00"),
                 link_status="linked", links_found=["https://northbrew.example/kettle"], link_checked_at=checked),
        Coverage(entry_id=leo.id, url="https://leo.example/beans", title="Beans", status="proposed")])
    session.commit()
    listed = api["manager"].get(f"/campaigns/{campaign.id}/coverage")
    assert listed.status_code == 200 and [row["title"] for row in listed.json] == ["Kettle day", "Beans"]
    confirmed = api["manager"].get(f"/campaigns/{campaign.id}/coverage?status=confirmed").json
    assert [(row["status"], row["shares"], row["economic_value"], row["link_status"], row["links_found"])
            for row in confirmed] == [("confirmed", 30, "150.00", "linked", ["https://northbrew.example/kettle"])]
    assert [row["url"] for row in api["manager"].get(f"/entries/{leo.id}/coverage").json] == ["https://leo.example/beans"]
    assert api["manager"].get(f"/campaigns/{campaign.id}").json["brand_sites"] == ["northbrew.example"]
    assert api["manager"].get(f"/campaigns/{campaign.id}/coverage?status=won").status_code == 422
    assert api["staff"].get(f"/campaigns/{campaign.id}/coverage").status_code == 403  # not a member
    assert api["staff"].get(f"/entries/{maya.id}/coverage").status_code == 403


def test_coverage_found_by_hand_through_the_api(api, session, users):
    campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
    made = api["manager"].post(f"/entries/{maya.id}/coverage",
                               json={"url": "https://video.example/watch?v=abc", "title": "Unboxing"})
    assert made.status_code == 201
    assert {key: made.json[key] for key in ("url", "title", "status", "disclosure", "link_status")} == {
        "url": "https://video.example/watch?v=abc", "title": "Unboxing", "status": "confirmed",
        "disclosure": None, "link_status": ""}
    stage_id = api["manager"].get(f"/entries/{maya.id}").json["stage_id"]
    assert session.get(Stage, stage_id).kind == "covered"
    again = api["manager"].post(f"/entries/{maya.id}/coverage", json={"url": "video.example/watch?v=abc"})
    assert again.status_code == 409 and "already counted" in again.json["error"]
    bad = api["manager"].post(f"/entries/{maya.id}/coverage", json={"url": "javascript:alert(1)"})
    assert bad.status_code == 422 and "cannot be read" in bad.json["error"]
    assert api["manager"].post(f"/entries/{maya.id}/coverage", json={"url": ""}).status_code == 422
    assert api["staff"].post(f"/entries/{maya.id}/coverage", json={"url": "https://x.example/"}).status_code == 403
    assert [row["url"] for row in api["manager"].get(f"/entries/{maya.id}/coverage").json] == [
        "https://video.example/watch?v=abc"]
