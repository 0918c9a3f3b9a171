"""Adding and importing blogs from the web, and "refresh now", through to the scheduler's crawl."""

from __future__ import annotations

import io

from sqlmodel import select

from outreach.core.models import AuditEvent, Blog, Blogger, BlogTag, Post
from outreach.jobs.scheduler import run_crawl_tick
from outreach.web.db import get_engine
from outreach.web.search import app_index_dir
from tests.local_site import GOLDEN


def test_add_blog_then_scheduler_finds_feed_and_posts(app, client, auth, session, site):
    site.route("/blog/", body=(GOLDEN / "homepage.html").read_bytes(), content_type="text/html")
    site.golden("/blog/feed.xml", "rss.xml")
    auth.login()
    response = client.post("/blogs/add", data={"url": site.url + "/blog/", "tags": "coffee, espresso"},
                           follow_redirects=True)
    assert b"its feed is found and read on the next crawl" in response.data
    blog = session.exec(select(Blog)).one()
    assert blog.status == "pending" and site.requests == []  # nothing fetched inside the request
    run_crawl_tick(get_engine(app), app_index_dir(app), app.config, report=print)
    session.expire_all()
    blog = session.get(Blog, blog.id)
    assert blog.status == "active" and blog.feed_url == site.url + "/blog/feed.xml"
    assert len(session.exec(select(Post)).all()) == 2
    again = client.post("/blogs/add", data={"url": site.url + "/blog/feed.xml"}, follow_redirects=True)
    assert b"Already in the directory" in again.data


def test_add_blog_refuses_bad_urls(client, auth, session):
    auth.login()
    for url in ("javascript:alert(1)", "ftp://x.example/", "http://"):
        response = client.post("/blogs/add", data={"url": url}, follow_redirects=True)
        assert b"Not added:" in response.data
    assert session.exec(select(Blog)).all() == []


def test_a_refused_blog_comes_back_with_what_was_typed(client, auth, session):
    auth.login()
    refused = client.post("/blogs/add", data={"url": "ftp://x.example/feed", "tags": "coffee, tea"})
    page = refused.data.decode()
    assert refused.status_code == 400
    assert "Not added:" in page
    assert 'value="ftp://x.example/feed"' in page and 'value="coffee, tea"' in page
    empty = client.post("/blogs/add", data={"url": "", "tags": "coffee"})
    assert empty.status_code == 400
    assert "Enter the blog&#39;s homepage or feed URL." in empty.data.decode()
    assert "This field is required." in empty.data.decode()
    assert session.exec(select(Blog)).all() == []


def test_import_upload_reports_bad_rows_and_keeps_good(client, auth, session):
    auth.login()
    data = {"file": (io.BytesIO((GOLDEN / "lists.csv").read_bytes()), "list.csv")}
    page = client.post("/blogs/import", data=data, content_type="multipart/form-data", follow_redirects=True)
    text = page.data.decode()
    assert "2 blogs added, 0 skipped as duplicates of blogs already in the directory, 3 rows with problems." in text
    assert "list.csv: line 3: no url" in text
    assert len(session.exec(select(Blog)).all()) == 2
    junk = {"file": (io.BytesIO(b"\x00\x01binary"), "photo.png")}
    refused = client.post("/blogs/import", data=junk, content_type="multipart/form-data", follow_redirects=True)
    assert b"Nothing imported: choose an .opml or a .csv file." in refused.data
    deep = b"<opml><body>" + b'<outline text="x">' * 300 + b"</outline>" * 300 + b"</body></opml>"
    refused = client.post("/blogs/import", data={"file": (io.BytesIO(deep), "deep.opml")},
                          content_type="multipart/form-data", follow_redirects=True)
    assert b"Nothing imported: the OPML file nests outlines more than 256 levels deep." in refused.data
    bomb = {"file": (io.BytesIO(b'<!DOCTYPE x [<!ENTITY a "b">]><opml><body/></opml>'), "x.opml")}
    refused = client.post("/blogs/import", data=bomb, content_type="multipart/form-data", follow_redirects=True)
    assert b"refused for safety" in refused.data
    assert len(session.exec(select(Blog)).all()) == 2


def test_a_list_with_control_characters_in_its_fields_is_imported_without_them(client, auth, session):
    """PostgreSQL refuses a NUL in text: a CSV with one in a field was a server error there."""
    auth.login()
    csv = b"name,url,tags\nMa\x00ya,https://maya.example/\x00feed,co\x07ffee\n"
    page = client.post("/blogs/import", data={"file": (io.BytesIO(csv), "list.csv")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert page.status_code == 200 and "Nothing imported" not in page.data.decode()
    blog = session.exec(select(Blog)).one()
    assert blog.feed_url == "https://maya.example/feed"
    assert session.exec(select(BlogTag.tag).where(BlogTag.blog_id == blog.id)).all() == ["coffee"]
    assert session.get(Blogger, blog.blogger_id).name == "Maya"


def test_refresh_now_queues_the_blog(client, auth, session):
    from outreach.core.blog_intake import create_blog

    blog = create_blog(session, "http://x.example/feed", source="url")
    blog.status, blog.next_check_at = "gone", None
    session.commit()
    auth.login()
    assert client.post(f"/blogs/{blog.id}/refresh", data={"next": "//evil.example/"}).headers["Location"] == "/blogs/"
    assert client.post(f"/blogs/{blog.id}/refresh", data={"next": "/\\evil.example/"}).headers["Location"] == "/blogs/"
    kept = client.post(f"/blogs/{blog.id}/refresh", data={"next": f"/blogs/{blog.id}?tab=posts"})
    assert kept.headers["Location"] == f"/blogs/{blog.id}?tab=posts"
    session.expire_all()
    queued = session.get(Blog, blog.id)
    assert queued.status == "active" and queued.next_check_at is not None
    assert session.exec(select(AuditEvent.action)).all()[-1] == "requested_refresh"
    assert client.post("/blogs/999/refresh").status_code == 404
