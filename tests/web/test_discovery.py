"""The discovery page: candidates from the links of a niche's best-ranked blogs, added or rejected."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.models import Blog, BlogCandidate, Niche, Post
from outreach.web.search import app_index_dir
from scoring import refresh_index
from tests.factories import Collection


def linking_blogs(session) -> dict[str, Blog]:
    """A runner and a cook whose posts each link a friend's blog, beside others that link none."""
    collection = Collection(session)
    blogs = {}
    for name, topic, friend in (("Rita Runner", "running", "http://trail-friend.example/"),
                                ("Cora Cook", "cooking", "http://kitchen-friend.example/")):
        blog = blogs[name] = collection.blog(name, [topic] * 6)
        for post in session.exec(select(Post).where(Post.blog_id == blog.id)):
            post.content_html = f'<p>{topic} with <a href="{friend}">a friend</a></p>'
    for number in range(4):
        collection.blog(f"Other {number}", ["gardening"] * 6)
    session.add(Niche(name="Running", brief="trail running and marathon training"))
    session.commit()
    return blogs


def test_discovery_proposes_the_sites_a_niches_best_blogs_link_to(app, client, auth, session):
    blogs = linking_blogs(session)
    auth.login()
    niche = session.exec(select(Niche)).one()
    no_index = client.post("/blogs/candidates/discover", data={"niche_id": niche.id}, follow_redirects=True)
    assert "The search index has not been built yet" in no_index.data.decode()
    refresh_index(session, app_index_dir(app), rebuild=True)
    found = client.post("/blogs/candidates/discover", data={"niche_id": niche.id}, follow_redirects=True)
    page = found.data.decode()
    assert found.status_code == 200
    assert "new candidates from the links in the recent posts of the" in page and "rank best for Running" in page
    assert "trail-friend.example" in page and f"/bloggers/{blogs['Rita Runner'].blogger_id}/" in page
    # Only as far down the ranking as SOURCES: here every blog ranks, so the cook's friend is found too,
    # but after the runner's, which the best-ranked blog links.
    candidates = session.exec(select(BlogCandidate).order_by(BlogCandidate.id)).all()
    assert candidates[0].url == "http://trail-friend.example/" and candidates[0].times_seen == 1  # six posts, one blog
    again = client.post("/blogs/candidates/discover", data={"niche_id": niche.id}, follow_redirects=True)
    assert "0 new candidates" in again.data.decode()
    session.expire_all()
    assert session.get(BlogCandidate, candidates[0].id).times_seen == 1  # the same blog, not seen anew


def test_discovery_reads_no_links_of_a_blog_marked_not_a_fit(app, client, auth, session, monkeypatch):
    from outreach.core.models import NicheFit

    blogs = linking_blogs(session)
    niche = session.exec(select(Niche)).one()
    refresh_index(session, app_index_dir(app), rebuild=True)
    monkeypatch.setattr("outreach.web.discovery.NICHE_SOURCES", 1)  # the best-ranked blog alone
    auth.login()
    client.post("/blogs/candidates/discover", data={"niche_id": niche.id})
    assert session.exec(select(BlogCandidate.url)).all() == ["http://trail-friend.example/"]
    for candidate in session.exec(select(BlogCandidate)).all():
        session.delete(candidate)
    session.add(NicheFit(niche_id=niche.id, blog_id=blogs["Rita Runner"].id, fit=False))
    session.commit()
    # Marked not a fit, the runner lends no links: the next blog in the ranking stands in for it.
    page = client.post("/blogs/candidates/discover", data={"niche_id": niche.id}, follow_redirects=True).data.decode()
    session.expire_all()
    assert "http://trail-friend.example/" not in session.exec(select(BlogCandidate.url)).all()
    assert "recent posts of the 1 blog" in page


def test_checked_candidates_are_added_as_blogs_or_rejected(app, client, auth, session):
    blogs = linking_blogs(session)
    rows = [BlogCandidate(url=f"http://friend{n}.example/", site=f"friend{n}.example",
                          found_on_blog_id=blogs["Rita Runner"].id, found_how="post link") for n in range(3)]
    session.add_all(rows)
    session.commit()
    auth.login()
    listing = client.get("/blogs/candidates").data.decode()
    assert listing.count('name="candidate"') == 3
    added = client.post("/blogs/candidates", data={"action": "accept", "candidate": [str(rows[0].id)]},
                        follow_redirects=True)
    assert "Added 1 of the 1 checked candidates: their feeds are found and read on the next crawl." in \
        added.data.decode()
    rejected = client.post("/blogs/candidates", data={"action": "reject", "candidate": [str(rows[1].id)]},
                           follow_redirects=True)
    assert "Rejected 1 of the 1 checked candidates." in rejected.data.decode()
    session.expire_all()
    assert [row.status for row in session.exec(select(BlogCandidate).order_by(BlogCandidate.id))] == \
        ["accepted", "rejected", "proposed"]
    new_blog = session.exec(select(Blog).where(Blog.feed_url == "http://friend0.example/")).one()
    assert (new_blog.status, new_blog.source) == ("pending", "discovered")
    left = client.get("/blogs/candidates").data.decode()
    assert "friend2.example" in left and "friend0.example" not in left


def test_bad_discovery_input_says_what_to_do(app, client, auth, session):
    auth.login()
    no_niche = client.post("/blogs/candidates/discover", data={})
    assert no_niche.status_code == 400
    assert "Describe a niche first" in no_niche.data.decode()
    linking_blogs(session)
    wrong = client.post("/blogs/candidates/discover", data={"niche_id": "999"})
    assert wrong.status_code == 400 and "Choose a niche" in wrong.data.decode()
    for data in ({"action": "accept"}, {"action": "accept", "candidate": ["1x"]},
                 {"action": "delete", "candidate": ["1"]}, {"action": "accept", "candidate": ["99999999999"]}):
        refused = client.post("/blogs/candidates", data=data)
        assert refused.status_code == 400 and "Check the candidates to add or reject." in refused.data.decode()
    too_many = client.post("/blogs/candidates", data={"action": "reject", "candidate": [str(n) for n in range(1, 50_001)]})
    assert too_many.status_code == 400 and "At most 200 candidates at a time" in too_many.data.decode()
    assert session.exec(select(Blog).where(Blog.source == "discovered")).all() == []


def test_discovery_needs_a_signed_in_user(client):
    assert client.get("/blogs/candidates").status_code == 302
    assert client.post("/blogs/candidates/discover", data={"niche_id": 1}).status_code == 302


def test_the_blogrolls_of_a_niches_best_blogs_are_read_by_the_next_crawl(app, client, auth, session, site, options):
    from outreach.jobs.crawl_and_index import crawl_and_index

    blogs = linking_blogs(session)
    site.route("/rita/", content_type="text/html", body=(
        b'<html><body><aside class="blogroll"><h3>Blogs I read</h3><ul>'
        b'<li><a href="http://blogroll-friend.example/">A friend</a></li></ul></aside></body></html>'))
    blogs["Rita Runner"].homepage_url = site.url + "/rita/"
    session.commit()
    refresh_index(session, app_index_dir(app), rebuild=True)
    auth.login()
    niche = session.exec(select(Niche)).one()
    page = client.post("/blogs/candidates/discover", data={"niche_id": niche.id}, follow_redirects=True)
    assert "Their blogrolls are read within a minute" in page.data.decode()
    session.expire_all()
    assert session.get(Niche, niche.id).discovery_requested_at is not None
    assert "http://blogroll-friend.example/" not in session.exec(select(BlogCandidate.url)).all()
    crawl_and_index(session.get_bind(), app_index_dir(app), options, blog_ids=[])  # a tick with nothing due
    session.expire_all()
    assert session.get(Niche, niche.id).discovery_requested_at is None  # done once
    friend = session.exec(select(BlogCandidate).where(BlogCandidate.url == "http://blogroll-friend.example/")).one()
    assert (friend.found_how, friend.found_on_blog_id) == ("blogroll", blogs["Rita Runner"].id)
    assert len(site.hits("/rita/")) == 1


def test_the_page_lists_the_candidates_a_niches_discovery_found(app, client, auth, session, monkeypatch):
    linking_blogs(session)
    session.add(Niche(name="Cooking", brief="home cooking, recipes and baking"))
    session.commit()
    refresh_index(session, app_index_dir(app), rebuild=True)
    auth.login()
    running, cooking = (session.exec(select(Niche).where(Niche.name == name)).one() for name in ("Running", "Cooking"))
    monkeypatch.setattr("outreach.web.discovery.NICHE_SOURCES", 1)  # each niche's best blog finds its own friend
    for niche in (running, cooking):
        page = client.post("/blogs/candidates/discover", data={"niche_id": niche.id})
        assert page.headers["Location"].endswith(f"/blogs/candidates?niche={niche.id}")
    for niche, friend, other in ((running, "trail-friend", "kitchen-friend"), (cooking, "kitchen-friend", "trail-friend")):
        listing = client.get(f"/blogs/candidates?niche={niche.id}").data.decode()
        assert f"Those found for {niche.name}." in listing and f"{friend}.example" in listing
        assert f"{other}.example" not in listing
    for everything in ("/blogs/candidates", "/blogs/candidates?niche=abc", "/blogs/candidates?niche=99999999999"):
        listing = client.get(everything).data.decode()
        assert "trail-friend.example" in listing and "kitchen-friend.example" in listing


def test_the_page_shows_each_candidates_newest_posts_and_where_it_would_rank(app, client, auth, session, site, options):
    from outreach.jobs.discovery import read_waiting_candidates
    from tests.jobs.test_candidate_feeds import serve_blog

    linking_blogs(session)
    niche = session.exec(select(Niche)).one()
    refresh_index(session, app_index_dir(app), rebuild=True)
    serve_blog(site, "trails", "running")
    serve_blog(site, "stitches", "knitting")
    site.route("/hostile/feed.xml", body=(
        b'<rss version="2.0"><channel><title>&lt;script&gt;alert(1)&lt;/script&gt;</title><item><guid>1</guid>'
        b"<title>&lt;img src=x onerror=alert(2)&gt;</title><description>marathon training</description>"
        b"</item></channel></rss>"))
    rows = [BlogCandidate(url=f"{site.url}/{path}", site=f"{name}.example", found_how="blogroll",
                          details={"found_for": [niche.id]})
            for name, path in (("stitches", "stitches/"), ("trails", "trails/"), ("hostile", "hostile/feed.xml"),
                               ("later", "later/"))]
    session.add_all(rows)
    session.commit()
    read_waiting_candidates(session.get_bind(), app_index_dir(app), options, limit=3)
    auth.login()
    page = client.get(f"/blogs/candidates?niche={niche.id}").data.decode()
    # The runner before the knitter, though added after it: it would rank better for Running.
    assert page.index("trails.example") < page.index("stitches.example") < page.index("later.example")
    assert "Trails Weekly" in page and "trails on running #0" in page and "trails on running #3" not in page
    assert "#1 of 7" in page
    assert "Not read yet: the next crawl reads its feed." in page
    # Markup in a feed's titles is text at most, never a tag on the page.
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "(untitled)" in page
    everything = client.get("/blogs/candidates").data.decode()
    assert "Running: #1 of 7" in everything

    # Read again (the niche edited since, say): forgotten now, read by the next tick.
    trails = session.exec(select(BlogCandidate).where(BlogCandidate.site == "trails.example")).one()
    marked = client.post("/blogs/candidates", data={"action": "reread", "candidate": [str(trails.id)]},
                         follow_redirects=True).data.decode()
    assert "Marked to read again 1 of the 1 checked candidates: the next crawl reads their feeds" in marked
    session.expire_all()
    assert (trails.read_at, trails.preview, trails.status) == (None, None, "proposed")
    read_waiting_candidates(session.get_bind(), app_index_dir(app), options, limit=1)
    session.expire_all()
    assert trails.read_at is not None and trails.preview["fits"][str(niche.id)]["place"] == 1
    assert len(site.hits("/trails/feed.xml")) == 2
