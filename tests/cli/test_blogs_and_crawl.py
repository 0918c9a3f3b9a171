"""`outreach blogs ...` and `outreach crawl` end to end against a local server."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlmodel import select

from outreach.core.models import Blog, BlogCandidate, Post
from tests.local_site import GOLDEN


def serve(site):
    site.route("/blog/", body=(GOLDEN / "homepage.html").read_bytes(), content_type="text/html")
    site.golden("/blog/feed.xml", "rss.xml")


def test_blogs_add_then_crawl_prints_summary(runner, session, site):
    serve(site)
    added = runner.invoke(args=["blogs", "add", site.url + "/blog/", "--tag", "coffee"])
    assert added.exit_code == 0, added.output
    assert f"Added blog 1: Morning Pour ({site.url}/blog/feed.xml)" in added.output
    again = runner.invoke(args=["blogs", "add", site.url + "/blog/"])
    assert "Already known: blog 1" in again.output
    crawled = runner.invoke(args=["crawl"])
    assert crawled.exit_code == 0, crawled.output
    assert crawled.output.strip().endswith("1 blogs: 1 fetched, 0 unchanged, 2 new posts, 0 errors")
    assert len(session.exec(select(Post)).all()) == 2
    assert "0 blogs: 0 fetched" in runner.invoke(args=["crawl"]).output  # nothing due
    assert "1 blogs: 1 fetched" in runner.invoke(args=["crawl", "--all"]).output


def test_crawl_says_how_many_blogs_a_stopped_crawl_still_holds_and_until_when(runner, session, site):
    serve(site)
    runner.invoke(args=["blogs", "add", site.url + "/blog/"])
    site.golden("/other.xml", "atom.xml")
    runner.invoke(args=["blogs", "add", site.url + "/other.xml"])
    until = datetime.now(timezone.utc) + timedelta(minutes=9)
    held = session.exec(select(Blog).where(Blog.feed_url == site.url + "/other.xml")).one()
    held.claimed_by, held.claimed_until = "a crawl killed with -9", until  # its lease, left behind
    session.commit()
    crawled = runner.invoke(args=["crawl", "--all"])
    assert crawled.output.strip().endswith(
        f"1 blogs: 1 fetched, 0 unchanged, 2 new posts, 0 errors; 1 more claimed by another crawl (or one that "
        f"stopped) until {until:%Y-%m-%d %H:%M} UTC, when they can be crawled again")


def test_blogs_add_bad_urls_are_clear_and_keep_the_good(runner, session, site):
    serve(site)
    result = runner.invoke(args=["blogs", "add", "ftp://x.example/", site.url + "/nothing", site.url + "/blog/"])
    assert result.exit_code == 1
    assert "Error: ftp://x.example/: only http and https URLs can be fetched" in result.output
    assert f"Error: {site.url}/nothing: " in result.output and "Added blog" in result.output
    assert len(session.exec(select(Blog)).all()) == 1


def test_blogs_add_goes_on_past_a_feed_that_breaks_the_parser(runner, session, site):
    serve(site)
    deep = b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    site.route("/deep.json", body=deep, content_type="application/feed+json")
    result = runner.invoke(args=["blogs", "add", site.url + "/deep.json", site.url + "/blog/"])
    assert result.exit_code == 1
    assert (f"Error: {site.url}/deep.json: {site.url}/deep.json is neither a page nor a feed: not a feed: JSON "
            "nested too deeply to read") in result.output
    assert "Added blog" in result.output and len(session.exec(select(Blog)).all()) == 1


def test_blogs_add_takes_a_feed_served_as_an_html_page_without_a_warning(runner, session, site):
    site.route("/home", body=b'<?xml version="1.0"?>' + (GOLDEN / "rss.xml").read_bytes().split(b"?>", 1)[1],
               content_type="text/html")
    result = runner.invoke(args=["blogs", "add", site.url + "/home"])  # a warning would be an error here
    assert result.exit_code == 0 and f"Added blog 1: Morning Pour ({site.url}/home)" in result.output


def test_import_and_export(runner, session, tmp_path):
    result = runner.invoke(args=["blogs", "import", str(GOLDEN / "lists.opml")])
    assert result.exit_code == 0, result.output
    assert "line 7: outline 'Broken'" in result.output
    assert "2 blogs added, 1 skipped as duplicates of blogs already in the directory, 2 rows with problems" in result.output
    bad = tmp_path / "bad.opml"
    bad.write_bytes(b"<opml><body><outline")
    refused = runner.invoke(args=["blogs", "import", str(bad)])
    assert refused.exit_code == 1 and "not an OPML file" in refused.output
    bad.write_bytes(b"<opml><body>" + b'<outline text="x">' * 300 + b"</outline>" * 300 + b"</body></opml>")
    refused = runner.invoke(args=["blogs", "import", str(bad)])
    assert (refused.exit_code, refused.output) == (1, f"Error: {bad}: the OPML file nests outlines more than 256 "
                                                      "levels deep\n")
    exported = runner.invoke(args=["blogs", "export", "--format", "csv"])
    assert "http://blog.example/" in exported.output and exported.output.startswith("name,url,email,tags,notes")
    opml = runner.invoke(args=["blogs", "export", "--format", "opml"])
    assert 'xmlUrl="http://blog.example/feed.xml"' in opml.output


def test_discover_and_review_candidates(runner, session, site):
    serve(site)
    runner.invoke(args=["blogs", "add", site.url + "/blog/"])
    blog = session.exec(select(Blog)).one()
    blog.homepage_url = site.url + "/blog/"
    session.add(blog)
    session.commit()
    runner.invoke(args=["crawl"])
    found = runner.invoke(args=["blogs", "discover", "--limit", "2"])
    assert "2 new candidates." in found.output
    listed = runner.invoke(args=["blogs", "candidates"])
    ids = [line.split()[0] for line in listed.output.splitlines() if line.split() and line.split()[0].isdigit()]
    assert len(ids) == 2
    assert "Accepted" in runner.invoke(args=["blogs", "candidates", "accept", ids[0]]).output
    assert "Rejected 1 candidates." in runner.invoke(args=["blogs", "candidates", "reject", ids[1]]).output
    assert "no candidate with id 999" in runner.invoke(args=["blogs", "candidates", "accept", "999"]).output
    assert {c.status for c in session.exec(select(BlogCandidate))} == {"accepted", "rejected"}


def blogs_linking(session, linked: dict[str, tuple[str, list[str]]]) -> None:
    """Blogs (name: topic and the sites their posts link) beside four on gardening, and a Running niche."""
    from outreach.core.niches import create_niche
    from tests.factories import Collection

    collection = Collection(session)
    for name, (topic, friends) in linked.items():
        blog = collection.blog(name, [topic] * 6)
        blog.homepage_url = ""  # no blogroll to fetch: the links are in the posts
        links = " and ".join(f'<a href="{friend}">a friend</a>' for friend in friends)
        for post in session.exec(select(Post).where(Post.blog_id == blog.id)):
            post.content_html = f"<p>{topic} with {links}</p>"
    for number in range(4):
        collection.blog(f"Other {number}", ["gardening"] * 6)
    create_niche(session, "Running", "trail running and marathon training")
    session.commit()


def test_discover_for_a_niche_reads_only_the_blogs_that_rank_best_for_it(runner, session):
    blogs_linking(session, {"Rita Runner": ("running", ["http://trail-friend.example/"]),
                            "Cora Cook": ("cooking", ["http://kitchen-friend.example/"])})
    no_index = runner.invoke(args=["blogs", "discover", "--niche", "Running"])
    assert (no_index.exit_code, no_index.output.splitlines()[-1]) == (
        1, "Error: no search index yet: run `outreach crawl` first")
    runner.invoke(args=["index"])
    found = runner.invoke(args=["blogs", "discover", "--niche", "Running", "--top", "1"])
    assert found.exit_code == 0, found.output
    assert "Reading the links of the 1 blogs that rank best for 'Running'." in found.output
    assert [c.url for c in session.exec(select(BlogCandidate))] == ["http://trail-friend.example/"]
    missing = runner.invoke(args=["blogs", "discover", "--niche", "Sailing"])
    assert (missing.exit_code, missing.output) == (1, "Error: no niche named 'Sailing'. Known niches: Running.\n")


def test_discover_reads_the_new_candidates_feeds_and_says_where_they_would_rank(runner, session, site):
    from werkzeug.wrappers import Response

    from tests.jobs.test_candidate_feeds import serve_blog

    serve_blog(site, "trails", "running")
    home = site.routes["/trails/"]
    # Candidates are whole sites: the server's two names are two of them, one a blog, one gone.
    site.route("/", lambda request: Response("gone", status=404) if request.host.startswith("localhost")
               else home(request))
    gone = site.url.replace("127.0.0.1", "localhost")
    blogs_linking(session, {"Rita Runner": ("running", [f"{site.url}/", f"{gone}/"])})
    runner.invoke(args=["index"])
    found = runner.invoke(args=["blogs", "discover", "--niche", "Running", "--top", "1"])
    assert found.exit_code == 0, found.output
    assert "Reading the feeds of the 2 new candidates." in found.output
    assert "would rank #1 of 6 for Running (score" in found.output and "training, trail, marathon)" in found.output
    assert f"could not be read: {gone}/ answered HTTP 404" in found.output
    listed = runner.invoke(args=["blogs", "candidates"]).output
    assert "would rank #1 of 6 for Running" in listed
    for_running = runner.invoke(args=["blogs", "candidates", "--niche", "Running"]).output.splitlines()
    assert site.url in for_running[0] and "would rank #1 of 6 for Running" in for_running[1]  # the best first
    assert gone in for_running[2]
    first = for_running[0].split()[0]
    again = runner.invoke(args=["blogs", "candidates", "reread", first])
    assert again.output == "1 candidates will be read again by the next crawl (or `outreach crawl`).\n"
    assert "would rank" not in runner.invoke(args=["blogs", "candidates", "--niche", "Running"]).output.splitlines()[1]
    runner.invoke(args=["blogs", "candidates", "reject", first])
    refused = runner.invoke(args=["blogs", "candidates", "reread", first])
    assert (refused.exit_code, refused.output) == (1, f"Error: candidate {first} was already rejected\n")
    unknown = runner.invoke(args=["blogs", "candidates", "--niche", "Sailing"])
    assert (unknown.exit_code, unknown.output) == (1, "Error: no niche named 'Sailing'. Known niches: Running.\n")
    assert len(site.hits("/trails/feed.xml")) == 1
