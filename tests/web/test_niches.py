"""Niche pages: create and edit a niche, the ranked list with evidence, shortlisting."""

from __future__ import annotations

import pytest
from sqlmodel import select

from outreach.core.models import Niche, PipelineEntry
from outreach.core.niches import niche_spec
from outreach.web.search import app_index_dir
from scoring import load_index, refresh_index, scores_by_blog
from tests.factories import Collection, make_campaign_with_entries


@pytest.fixture
def ranked(app, session):
    """Runners and others, indexed into the app's instance folder."""
    collection = Collection(session)
    for number in range(8):
        collection.blog(f"Other {number}", ["cooking"] * 6 + ["gardening"] * 2)
    collection.blog("Rita Runner", ["running"] * 8)
    collection.blog("Lucky Once", ["running"] + ["cooking"] * 7)
    refresh_index(session, app_index_dir(app), rebuild=True)
    return collection


def test_create_niche_and_see_ranking_with_evidence(client, auth, ranked, session):
    auth.login()
    response = client.post("/niches/", data={"name": "Trail running",
                                              "brief": "Trail running, marathon training and race pace",
                                              "keywords": "trail running:2, marathon", "exclusions": "casino"})
    assert response.status_code == 302
    niche = session.exec(select(Niche)).one()
    assert niche.keywords == [{"term": "trail running", "weight": 2.0}, {"term": "marathon", "weight": 1.0}]
    page = client.get(response.headers["Location"]).data.decode()
    names = [part.split("<")[0] for part in page.split('class="ranked-name" href="')[1:]]
    assert names[0].split('">')[1] == "Rita Runner"
    assert "On topic" in page and "Niche covered" in page and "Per post" in page and "Matching terms" in page
    assert "similarity" in page


def test_the_ranking_says_which_words_of_the_brief_it_left_out(client, auth, ranked, session):
    auth.login()
    response = client.post("/niches/", data={"name": "Runners",
                                              "brief": "We want bloggers who write about Zorbrex trail running"})
    page = client.get(response.headers["Location"]).data.decode()
    assert 'class="ranked-name"' in page and "Rita Runner" in page
    reading = page.split('id="brief-reading">')[1].split("</p>")[0]
    assert reading == ("Left out of the match, as words of asking: we, want, bloggers, write. "
                       "In no crawled post: Zorbrex.")
    plain = client.post("/niches/", data={"name": "Plain", "brief": "trail running"})
    assert 'id="brief-reading"' not in client.get(plain.headers["Location"]).data.decode()
    joined = client.post("/niches/", data={"name": "Joined", "brief": "trailrunning"})
    page = client.get(joined.headers["Location"]).data.decode()
    assert "Rita Runner" in page
    assert page.split('id="brief-reading">')[1].split("</p>")[0] == \
        "Read as two words, as the crawled posts write them: trailrunning (trail running)."


def test_bad_niche_form_is_reshown(client, auth, session):
    auth.login()
    empty = client.post("/niches/", data={"name": "X", "brief": "   "})
    assert empty.status_code == 400
    bad_weight = client.post("/niches/", data={"name": "X", "brief": "coffee", "keywords": "espresso:lots"})
    assert bad_weight.status_code == 400
    assert b"the weight after &#39;:&#39; must be a number" in bad_weight.data
    assert b'value="X"' in bad_weight.data
    assert session.exec(select(Niche)).all() == []


def test_bad_briefs_are_explained_on_the_page(client, auth, session, ranked):
    auth.login()
    asking = client.post("/niches/", data={"name": "Asking", "brief": "we want bloggers who write honest reviews"})
    assert asking.status_code == 400
    assert "The brief names no subject, only what is asked (we, want, bloggers, write, honest, reviews)" in \
        asking.data.decode()
    assert session.exec(select(Niche)).all() == []
    from outreach.core.models import Blog

    for blog in session.exec(select(Blog)):
        blog.language = "en"
    session.commit()
    foreign = client.post("/niches/", data={"name": "Laufen", "brief": "Laufschuhe und Bergläufe"},
                          follow_redirects=True)
    page = foreign.data.decode()
    assert foreign.status_code == 200 and "Niche &#39;Laufen&#39; created." in page
    assert "None of the words of the niche &#39;Laufen&#39; occur in any crawled post" in page
    assert "Is the brief in the language the blogs write in?" in page
    again = client.get(foreign.request.path).data.decode()
    assert "Is the brief in the language the blogs write in?" in again
    assert "The blogs write in English (10)." in page and "The blogs write in English (10)." in again


def test_a_brief_in_a_language_no_blog_writes_in_is_named_even_when_some_words_match(client, auth, session, ranked):
    from outreach.core.models import Blog

    auth.login()
    for blog in session.exec(select(Blog)):
        blog.language = "en"
    session.commit()
    german = "Wir suchen Blogger, die über Trail Running und Marathon Training in den Bergen schreiben"
    saved = client.post("/niches/", data={"name": "Laufen", "brief": german}, follow_redirects=True)
    page = saved.data.decode()
    assert saved.status_code == 200 and "None of the words" not in page  # running, marathon: some match
    assert "The brief is written in German, which none of the blogs writes in" in page
    assert "The blogs write in English (10)." in page
    for brief in ("We look for bloggers who write about trail running and marathon training",
                  "trail running, marathon, ultra, hills"):  # English, and a list of words: nothing to say
        page = client.post("/niches/", data={"name": brief[:20], "brief": brief}, follow_redirects=True).data.decode()
        assert "The brief is written in" not in page, brief

    rita = session.exec(select(Blog).where(Blog.title == "Rita Runner's blog")).one()
    rita.language = "de"  # a blog writes in German: the brief may be meant for it
    session.commit()
    page = client.post("/niches/", data={"name": "Laufen 2", "brief": german}, follow_redirects=True).data.decode()
    assert "The brief is written in" not in page


def test_the_edit_page_says_what_became_of_each_seed_url(client, auth, session):
    from outreach.core.models import NicheSeed

    collection = Collection(session)
    blog = collection.blog("Brewer", ["cooking"] * 2)
    auth.login()
    client.post("/niches/", data={"name": "Coffee", "brief": "espresso at home", "seed_urls": "\n".join([
        "https://brewer.example/", "https://new.example/espresso", "https://gone.example/x"])})
    gone = session.exec(select(NicheSeed).where(NicheSeed.url == "https://gone.example/x")).one()
    gone.error, gone.fetched_at = "https://gone.example/x answered HTTP 404", blog.created_at
    session.commit()
    page = client.get("/niches/1/edit").data.decode()
    assert "https://brewer.example/ <small class=\"muted\">(a blog we hold: its newest posts are the example)" in page
    assert "https://new.example/espresso <small class=\"muted\">(not read yet: the next crawl reads it)" in page
    assert "(could not be read: https://gone.example/x answered HTTP 404)" in page


def test_unparseable_seed_url_is_refused_in_the_form(client, auth, session):
    auth.login()
    response = client.post("/niches/", data={"name": "Coffee", "brief": "espresso at home",
                                              "seed_urls": "https://example.com/good\nhttp://[x/"})
    assert response.status_code == 400
    assert b"Seed url &#39;http://[x/&#39; is not a valid url" in response.data
    assert session.exec(select(Niche)).all() == []


def test_web_workers_rank_from_the_index_a_crawl_worker_published(app, client, auth, session, database_url, tmp_path):
    from outreach import create_app

    crawl_worker = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test secret key",
                               "INSTANCE_PATH": str(tmp_path / "crawl-host")})
    collection = Collection(session)
    for number in range(6):
        collection.blog(f"Other {number}", ["cooking"] * 6)
    collection.blog("Rita Runner", ["running"] * 6)
    session.add(Niche(name="Running", brief="trail running and marathons"))
    session.add(Niche(name="Knitting", brief="knitting with wool and yarn"))
    session.commit()
    cli = crawl_worker.test_cli_runner()
    assert cli.invoke(args=["index"]).output.startswith("Index built")
    auth.login()
    page = client.get("/niches/1/").data.decode()
    assert "Rita Runner" in page and "not been built" not in page  # this worker's own folder had no index
    collection.blog("Kit Knitter", ["knitting"] * 6, days_ago_last=0)
    assert cli.invoke(args=["index"]).output.startswith("Index built: 48 posts")  # a new topic: refitted
    page = client.get("/niches/2/").data.decode()
    assert page.index("Kit Knitter") < page.index("Other 0")  # the new generation, with no file copied
    crawl_worker.extensions["outreach.engine"].dispose()


def test_ranking_without_index_says_what_to_do(client, auth, session):
    session.add(Niche(name="Coffee", brief="espresso"))
    session.commit()
    auth.login()
    page = client.get("/niches/1/").data.decode()
    assert "The search index has not been built yet" in page


def test_edit_niche(client, auth, session, ranked):
    session.add(Niche(name="Coffee", brief="espresso"))
    session.commit()
    auth.login()
    client.post("/niches/1/edit", data={"name": "Running", "brief": "running races", "keywords": "marathon:3"})
    session.expire_all()
    niche = session.get(Niche, 1)
    assert (niche.name, niche.keywords) == ("Running", [{"term": "marathon", "weight": 3.0}])
    assert client.get("/niches/99/edit").status_code == 404
    # A post that leaves fields out (a script, not the page) is read as a browser sends them: empty.
    bare = client.post("/niches/1/edit", data={"name": "Running", "brief": "running races"})
    assert bare.status_code == 302
    session.expire_all()
    assert session.get(Niche, 1).keywords == []
    assert client.post("/niches/1/edit", data={"keywords": "marathon"}).status_code == 400


def test_a_niche_may_look_for_new_blogs_every_week(client, auth, session):
    auth.login()
    created = client.post("/niches/", data={"name": "Coffee", "brief": "espresso", "discover_every": "7"})
    assert created.status_code == 302
    niche = session.exec(select(Niche)).one()
    assert niche.discover_every_days == 7
    form = client.get(f"/niches/{niche.id}/edit").data.decode()
    assert '<option selected value="7">Every week</option>' in form
    forged = client.post(f"/niches/{niche.id}/edit", data={"name": "Coffee", "brief": "espresso", "discover_every": "2"})
    assert forged.status_code == 400 and "Not a valid choice" in forged.data.decode()
    client.post(f"/niches/{niche.id}/edit", data={"name": "Coffee", "brief": "espresso", "discover_every": "0"})
    session.expire_all()
    assert session.get(Niche, niche.id).discover_every_days is None


def test_shortlist_selected_bloggers_into_campaign(app, client, auth, session, users, ranked):
    campaign, _ = make_campaign_with_entries(session, users["manager"][0], names=())
    niche = Niche(name="Running", brief="trail running marathon")
    session.add(niche)
    session.commit()
    from outreach.core.models import Blog

    rita = session.exec(select(Blog).where(Blog.title == "Rita Runner's blog")).one()
    ranked_score = scores_by_blog(load_index(app_index_dir(app)), niche_spec(session, niche))[rita.id]
    auth.login("manager@example.com")
    # A score sent with the form is not the ranking's: the shortlist takes the ranking's own.
    response = client.post("/niches/1/shortlist", data={"campaign_id": campaign.id, "blog_id": [rita.id],
                                                          f"score_{rita.id}": "99.5"}, follow_redirects=True)
    assert b"Shortlisted 1 blogger into &#39;Autumn launch&#39;." in response.data
    entry = session.exec(select(PipelineEntry)).one()
    assert entry.blogger_id == rita.blogger_id
    assert entry.score == pytest.approx(ranked_score) and ranked_score > 30
    again = client.post("/niches/1/shortlist", data={"campaign_id": campaign.id, "blog_id": [rita.id]},
                        follow_redirects=True)
    assert b"Shortlisted 0 bloggers" in again.data and b"(1 not added)" in again.data
    assert b"already in the campaign" in again.data
    assert b"Select at least one blogger." in client.post(
        "/niches/1/shortlist", data={"campaign_id": campaign.id}, follow_redirects=True).data


def test_staff_cannot_shortlist_into_foreign_campaign(client, auth, session, users, ranked):
    campaign, _ = make_campaign_with_entries(session, users["manager"][0], names=())
    session.add(Niche(name="Running", brief="trail running"))
    session.commit()
    auth.login("staff@example.com")
    assert client.post("/niches/1/shortlist", data={"campaign_id": campaign.id, "blog_id": ["1"]}).status_code == 403


def ranked_names(page: str) -> list[str]:
    return [part.split('">')[1].split("<")[0] for part in page.split('class="ranked-name" href="')[1:]]


def test_marking_ranked_blogs_a_good_fit_or_not(client, auth, session, ranked):
    from outreach.core.models import AuditEvent, Blog, NicheFit

    session.add(Niche(name="Running", brief="trail running and marathon training"))
    session.commit()
    lucky = session.exec(select(Blog).where(Blog.title == "Lucky Once's blog")).one()
    rita = session.exec(select(Blog).where(Blog.title == "Rita Runner's blog")).one()
    auth.login()
    assert "Lucky Once" in ranked_names(client.get("/niches/1/").data.decode())
    marked = client.post(f"/niches/1/fits/{lucky.id}?top=20&hide_dormant=1", data={"verdict": "poor"})
    assert marked.status_code == 302
    assert marked.headers["Location"].endswith("/niches/1/?hide_dormant=1&top=20#ranking")
    page = client.get("/niches/1/").data.decode()
    assert "Marked not a fit" in page and "Lucky Once" not in ranked_names(page)
    assert "away from 1 marked not a fit (hidden:" in page
    shown = client.get("/niches/1/?show_poor=1").data.decode()
    assert "Lucky Once" in ranked_names(shown)
    lucky_row = shown.split(f'data-blog="{lucky.id}"')[1].split("</li>")[0]
    assert 'value="clear"' in lucky_row.split('class="fit-poor"')[1].split(">")[0]
    client.post(f"/niches/1/fits/{rita.id}", data={"verdict": "good"})
    rita_row = client.get("/niches/1/").data.decode().split(f'data-blog="{rita.id}"')[1].split("</li>")[0]
    assert 'aria-pressed="true"' in rita_row.split('class="fit-good"')[1].split(">")[0]
    assert "Marked a good fit by " in rita_row and ": press to clear" in rita_row  # who marked it, and when
    # Bad posts: a clear message, nothing stored or lost.
    assert "Choose Good fit or Not a fit." in client.post(f"/niches/1/fits/{rita.id}", data={"verdict": "maybe"},
                                                         follow_redirects=True).data.decode()
    missing = client.post("/niches/1/fits/99999", data={"verdict": "good"}, follow_redirects=True)
    assert missing.status_code == 200 and "No blog has id 99999." in missing.data.decode()
    huge = client.post(f"/niches/1/fits/{2**63}", data={"verdict": "good"}, follow_redirects=True)
    assert huge.status_code == 200 and f"No blog has id {2**63}." in huge.data.decode()  # PostgreSQL: not a 500
    assert client.post(f"/niches/99/fits/{rita.id}", data={"verdict": "good"}).status_code == 404
    session.expire_all()
    assert dict(session.exec(select(NicheFit.blog_id, NicheFit.fit)).all()) == {lucky.id: False, rita.id: True}
    # The edit page lists the marks; clearing one there puts the blog back.
    edit = client.get("/niches/1/edit").data.decode()
    assert "Lucky Once&#39;s blog" in edit.split('id="fits"')[1] and "(not a fit)" in edit
    client.post("/niches/1/edit", data={"name": "Running", "brief": "trail running and marathon training",
                                        "clear_fit": str(lucky.id)})
    assert "Lucky Once" in ranked_names(client.get("/niches/1/").data.decode())
    session.expire_all()
    assert session.exec(select(NicheFit.blog_id)).all() == [rita.id]
    assert {"marked_fit", "cleared_fit"} <= set(session.exec(select(AuditEvent.action)).all())


def test_marking_the_checked_blogs_of_a_ranking_not_a_fit(client, auth, session, ranked):
    from outreach.core.models import Blog, NicheFit

    session.add(Niche(name="Running", brief="trail running and marathon training"))
    session.commit()
    others = session.exec(select(Blog.id).where(Blog.title.like("Other%")).order_by(Blog.id)).all()[:3]
    auth.login()
    done = client.post("/niches/1/fits", data={"verdict": "poor", "blog_id": [str(i) for i in others]},
                       follow_redirects=True).data.decode()
    assert "Marked not a fit: those 3 blogs are hidden from &#39;Running&#39;" in done
    assert not {"Other 0", "Other 1", "Other 2"} & set(ranked_names(client.get("/niches/1/").data.decode()))
    session.expire_all()
    assert sorted(session.exec(select(NicheFit.blog_id).where(NicheFit.fit == False)).all()) == sorted(others)  # noqa: E712
    # Nothing checked, or a blog that is not there: a clear message, and nothing stored or lost.
    assert "Check between 1 and 500 bloggers." in client.post("/niches/1/fits", data={"verdict": "poor"},
                                                              follow_redirects=True).data.decode()
    refused = client.post("/niches/1/fits", data={"verdict": "good", "blog_id": [str(others[0]), "99999"]},
                          follow_redirects=True).data.decode()
    assert "No blog has id 99999." in refused
    session.expire_all()
    assert len(session.exec(select(NicheFit).where(NicheFit.fit == False)).all()) == 3  # noqa: E712


def test_a_ranking_directory_and_profile_by_the_language_blogs_write_in(client, auth, session, ranked):
    from outreach.core.models import Blog

    session.add(Niche(name="Running", brief="trail running and marathon training"))
    blogs = {blog.title: blog for blog in session.exec(select(Blog))}
    for blog in blogs.values():
        blog.language = "en"
    blogs["Rita Runner's blog"].language = "de"
    blogs["Other 0's blog"].language = ""  # too little text to say
    session.commit()
    auth.login()
    every = client.get("/niches/1/").data.decode()
    assert ranked_names(every)[:2] == ["Rita Runner", "Lucky Once"]
    assert '<option value="de" >German (1)</option>' in every and '<option value="en" >English (8)</option>' in every
    english = client.get("/niches/1/?language=en").data.decode()
    assert "Rita Runner" not in ranked_names(english) and ranked_names(english)[0] == "Lucky Once"
    assert '<option value="en" selected>' in english and "Scores are as among all blogs." in english
    french = client.get("/niches/1/?language=fr").data.decode()
    assert "No blog writing in French ranks for this niche." in french and ranked_names(french) == []
    assert ranked_names(client.get("/niches/1/?language=%3Cb%3E").data.decode()) == ranked_names(every)  # ignored
    directory = client.get("/blogs/?language=de").data.decode()
    assert "Rita Runner&#39;s blog" in directory and "Lucky Once" not in directory
    assert '<span class="language">German</span>' in directory
    assert client.get("/blogs/?language=" + "x" * 50).status_code == 200  # refused with a message, not a 500
    exported = client.get("/blogs/export.csv?language=de").data.decode().splitlines()
    assert exported[0].endswith(",language") and len(exported) == 2 and exported[1].endswith(",de")
    rita = blogs["Rita Runner's blog"]
    assert "Writes in German" in client.get(f"/bloggers/{rita.blogger_id}/").data.decode()
