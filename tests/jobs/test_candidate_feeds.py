"""Candidates' feeds read by the crawl tick, from real sites on 127.0.0.1: what each writes about
and where it would rank for the niches, before anyone adds it."""

from __future__ import annotations

import random
from datetime import timedelta
from email.utils import format_datetime

from sqlmodel import select

from outreach.core.candidates import accept_candidate, best_fit, fit_for
from outreach.core.models import Blog, BlogCandidate, Niche
from outreach.jobs.crawl_and_index import crawl_and_index
from outreach.jobs.discovery import read_waiting_candidates
from scoring import refresh_index
from tests.factories import NOW, topic_text


def feed_of(name: str, topic: str, posts: int = 8) -> bytes:
    """An RSS feed of a blog writing about one topic, newest first."""
    rng = random.Random(name)
    items = "".join(
        f"<item><guid>{name}-{n}</guid><title>{name} on {topic} #{n}</title><link>http://{name}.example/{n}</link>"
        f"<pubDate>{format_datetime(NOW - timedelta(days=3 + 7 * n))}</pubDate>"
        f"<description>{topic_text(topic, rng)}</description></item>"
        for n in range(posts))
    return f'<rss version="2.0"><channel><title>{name.title()} Weekly</title><link>http://{name}.example/</link>{items}</channel></rss>'.encode()


def serve_blog(site, name: str, topic: str) -> str:
    """A homepage on the local site that declares its feed, as blogs do; its address."""
    site.route(f"/{name}/", content_type="text/html", body=(
        f'<html><head><link rel="alternate" type="application/rss+xml" href="/{name}/feed.xml"></head>'
        f"<body>{name}</body></html>").encode())
    site.route(f"/{name}/feed.xml", body=feed_of(name, topic))
    return f"{site.url}/{name}/"


def waiting(session, site, names) -> dict[str, BlogCandidate]:
    rows = {name: BlogCandidate(url=f"{site.url}/{name}/", site=f"{name}.example", found_how="blogroll", times_seen=3)
            for name in names}
    session.add_all(rows.values())
    session.commit()
    return rows


def test_the_crawl_tick_reads_each_candidates_feed_once_and_places_it_in_the_niches(
        session, background, site, options, tmp_path):
    background.blog("Weekly Runner", ["running"] * 10)
    background.blog("Sometimes Runner", ["running"] * 3 + ["cooking"] * 7)
    running = Niche(name="Running", brief="trail running and marathon training")
    knitting = Niche(name="Knitting", brief="knitting, yarn and knitting patterns")
    session.add_all([running, knitting])
    session.commit()
    refresh_index(session, tmp_path / "index", rebuild=True)
    serve_blog(site, "trails", "running")
    serve_blog(site, "stitches", "knitting")
    site.route("/quiet/", content_type="text/html", body=b"<html><body>No feed here.</body></html>")
    rows = waiting(session, site, ["trails", "stitches", "quiet", "gone"])

    crawl_and_index(session.get_bind(), tmp_path / "index", options, blog_ids=[])  # a tick with no blog due
    session.expire_all()
    trails, stitches, quiet, gone = (session.get(BlogCandidate, rows[name].id) for name in rows)
    assert all(row.read_at is not None for row in (trails, stitches, quiet, gone))
    shown = trails.preview
    assert shown["feed_url"] == f"{site.url}/trails/feed.xml" and shown["title"] == "Trails Weekly"
    assert [post["title"] for post in shown["posts"]] == [f"trails on running #{n}" for n in range(5)]
    # The runner would stand at the top of Running, the knitter among the background's knitters.
    assert fit_for(trails, running.id)["place"] <= 2 and fit_for(trails, running.id)["score"] > 30
    assert fit_for(stitches, knitting.id)["place"] <= 3 and fit_for(stitches, running.id)["score"] < 5
    assert best_fit(trails)[0] == running.id and best_fit(stitches)[0] == knitting.id
    assert "marathon" in fit_for(trails, running.id)["terms"] or "training" in fit_for(trails, running.id)["terms"]
    # What could not be read says why, in a sentence, and is not read again.
    assert "no feed found" in quiet.preview["error"] and quiet.preview["fits"] == {}
    assert "HTTP 404" in gone.preview["error"]
    hits = len(site.hits("/trails/feed.xml"))
    crawl_and_index(session.get_bind(), tmp_path / "index", options, blog_ids=[])
    assert len(site.hits("/trails/feed.xml")) == hits == 1
    # Accepted, the candidate is added with the feed already found.
    blog = accept_candidate(session, trails)
    session.commit()
    assert (blog.feed_url, blog.homepage_url, blog.title) == (f"{site.url}/trails/feed.xml", trails.url, "Trails Weekly")


def test_candidates_are_read_without_an_index_and_a_tick_reads_at_most_its_share(session, site, options,
                                                                                tmp_path):
    names = [f"blog{n}" for n in range(4)]
    for name in names:
        serve_blog(site, name, "cooking")
    rows = waiting(session, site, names)
    assert read_waiting_candidates(session.get_bind(), tmp_path / "index", options, limit=3) == 3
    assert read_waiting_candidates(session.get_bind(), tmp_path / "index", options, limit=3) == 1
    assert read_waiting_candidates(session.get_bind(), tmp_path / "index", options, limit=3) == 0
    session.expire_all()
    for row in rows.values():
        read = session.get(BlogCandidate, row.id)
        assert len(read.preview["posts"]) == 5 and read.preview["fits"] == {}  # no index: no place yet
    assert session.exec(select(Blog)).all() == []  # reading a candidate adds nothing


def test_a_slow_site_leaves_the_other_candidates_for_the_next_tick(session, site, options, tmp_path):
    import time

    from werkzeug.wrappers import Response

    def slowly(request):
        time.sleep(0.6)
        return Response("<html><body>slow</body></html>", content_type="text/html")

    site.route("/slow/", slowly)
    serve_blog(site, "later", "cooking")
    slow, later = waiting(session, site, ["slow", "later"]).values()
    assert read_waiting_candidates(session.get_bind(), tmp_path / "index", options, seconds=0.5) == 1
    session.expire_all()
    assert session.get(BlogCandidate, slow.id).read_at is not None
    assert session.get(BlogCandidate, later.id).read_at is None and session.get(BlogCandidate, later.id).preview is None
    assert read_waiting_candidates(session.get_bind(), tmp_path / "index", options, seconds=0.5) == 1
    session.expire_all()
    assert len(session.get(BlogCandidate, later.id).preview["posts"]) == 5


def test_a_hostile_candidate_feed_keeps_short_titles_and_loses_nothing_else(session, site, options, tmp_path):
    long_title = "Espresso " * 20_000
    site.route("/huge/", body=(
        '<rss version="2.0"><channel><title>' + long_title + "</title>"
        + "".join(f"<item><guid>{n}</guid><title>{long_title}</title><link>http://huge.example/{'x' * 5000}</link>"
                  f"<description>espresso crema grinder</description></item>" for n in range(30))
        + "</channel></rss>").encode())
    serve_blog(site, "calm", "cooking")
    huge, calm = waiting(session, site, ["huge", "calm"]).values()
    assert read_waiting_candidates(session.get_bind(), tmp_path / "index", options) == 2
    session.expire_all()
    shown = session.get(BlogCandidate, huge.id).preview
    assert len(shown["title"]) == 300 and len(shown["posts"]) == 5
    assert all(len(post["title"]) == 300 and len(post["url"]) <= 2048 for post in shown["posts"])
    assert len(session.get(BlogCandidate, calm.id).preview["posts"]) == 5


def test_a_niche_that_looks_for_blogs_on_its_own_tells_its_creator_of_the_good_ones(session, background, site,
                                                                                   options, tmp_path, users,
                                                                                   smtp_server):
    from datetime import datetime, timezone

    from outreach.core.models import Notification, Post
    from outreach.core.niches import create_niche, update_niche
    from tests.local_mail import smtp_config

    controller, inbox = smtp_server

    # Candidates are whole sites: the server's two names are two of them, a runner and a knitter.
    serve_blog(site, "trails", "running")
    serve_blog(site, "stitches", "knitting")
    homes = {"127.0.0.1": site.routes["/trails/"], "localhost": site.routes["/stitches/"]}
    site.route("/", lambda request: homes[request.host.split(":")[0]](request))
    friend, other = f"{site.url}/", site.url.replace("127.0.0.1", "localhost") + "/"
    runner = background.blog("Weekly Runner", ["running"] * 10)
    runner.homepage_url = ""  # its posts link the candidates; no blogroll to read
    for post in session.exec(select(Post).where(Post.blog_id == runner.id)):
        post.content_html = f'<p>with <a href="{friend}">a friend</a> and <a href="{other}">another</a></p>'
    staff_id = users["staff"][0]
    watched = create_niche(session, "Running", "trail running and marathon training", created_by_id=staff_id,
                           discover_every_days=7)
    create_niche(session, "Knitting", "knitting and yarn", created_by_id=staff_id)  # asks only by hand
    session.commit()
    refresh_index(session, tmp_path / "index", rebuild=True)
    tick = datetime.now(timezone.utc)
    crawl_and_index(session.get_bind(), tmp_path / "index", options, blog_ids=[], settings=smtp_config(controller))
    session.expire_all()
    port = site.server.server_port
    found = {row.site: row for row in session.exec(select(BlogCandidate))}
    assert set(found) == {f"127.0.0.1:{port}", f"localhost:{port}"} and all(row.read_at for row in found.values())
    niche = session.get(Niche, watched.id)
    assert niche.discovery_requested_at is None and niche.discovered_at >= tick  # asked for, and done
    notes = session.exec(select(Notification).where(Notification.user_id == staff_id)).all()
    assert [(note.kind, note.url) for note in notes] == [("discovery", f"/blogs/candidates?niche={niche.id}")]
    assert notes[0].title == "1 new blog would rank in the top 10 for Running"
    assert notes[0].body.startswith("127.0.0.1") and "#1 of" in notes[0].body
    [(recipients, message)] = inbox.messages
    assert recipients == ["staff@example.com"]
    assert message["Subject"] == "Outreach: 1 new blog would rank in the top 10 for Running"
    # Not again before the week is out; again once it is.
    crawl_and_index(session.get_bind(), tmp_path / "index", options, blog_ids=[])
    session.expire_all()
    assert session.get(Niche, watched.id).discovered_at == niche.discovered_at
    week_ago = niche.discovered_at = niche.discovered_at - timedelta(days=8)
    session.commit()
    crawl_and_index(session.get_bind(), tmp_path / "index", options, blog_ids=[])
    session.expire_all()
    assert session.get(Niche, watched.id).discovered_at > week_ago + timedelta(days=8)
    assert len(session.exec(select(Notification)).all()) == 1  # nothing new found: nothing to tell
    update_niche(session, "Running", discover_every_days=0)
    session.commit()
    assert session.get(Niche, watched.id).discover_every_days is None


def test_what_another_scheduler_holds_is_left_to_it_until_its_lease_runs_out(session, site, options, tmp_path,
                                                                          background):
    from outreach.core.models import utcnow
    from outreach.jobs.discovery import run_discovery_requests

    serve_blog(site, "held", "cooking")
    serve_blog(site, "free", "cooking")
    held, free = waiting(session, site, ["held", "free"]).values()
    runner = background.blog("Weekly Runner", ["running"] * 5)
    runner.homepage_url = f"{site.url}/runner/"
    site.route("/runner/", content_type="text/html", body=b'<aside class="blogroll"><h3>Blogroll</h3>'
               b'<a href="http://friend.example/">A friend</a></aside>')
    niche = Niche(name="Running", brief="trail running", discovery_requested_at=utcnow())
    session.add(niche)
    refresh_index(session, tmp_path / "index", rebuild=True)
    later = utcnow() + timedelta(minutes=10)
    for row in (held, niche):  # another scheduler's lease, as outreach.core.claims gives it
        row.claimed_by, row.claimed_until = "another", later
    session.commit()
    # The free one is read, though the held one comes first: a tick is not spent on what others hold.
    assert read_waiting_candidates(session.get_bind(), tmp_path / "index", options, limit=1) == 1
    assert run_discovery_requests(session.get_bind(), tmp_path / "index", options) == 0
    assert site.hits("/held/") == [] and site.hits("/runner/") == [] and len(site.hits("/free/")) == 1
    for row in (held, niche):  # the other scheduler died: its lease runs out
        row.claimed_until = utcnow() - timedelta(seconds=1)
    session.commit()
    assert read_waiting_candidates(session.get_bind(), tmp_path / "index", options) == 1
    assert run_discovery_requests(session.get_bind(), tmp_path / "index", options) == 1
    session.expire_all()
    assert session.get(BlogCandidate, held.id).claimed_by == "" and session.get(Niche, niche.id).claimed_by == ""
    assert session.get(Niche, niche.id).discovery_requested_at is None
    assert len(site.hits("/runner/")) == 1
