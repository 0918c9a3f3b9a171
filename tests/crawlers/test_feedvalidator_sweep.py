"""Every W3C Feed Validator test file, served locally and crawled: nothing crashes or hangs,
and the entries of the well-formed feeds are stored."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lxml import etree
from sqlmodel import Session, func, select
from werkzeug.wrappers import Response

from crawlers.crawl import crawl_blogs
from crawlers.options import CrawlOptions
from crawlers.parse import FeedError, parse_feed
from outreach.core.blog_intake import create_blog
from outreach.core.blog_lists import ListError, parse_opml
from outreach.core.models import Blog, Post

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "feedvalidator" / "testcases"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason=f"corpus not found at {CORPUS}")


def feed_files():
    return sorted(path for path in CORPUS.rglob("*.xml"))


def well_formed(data: bytes) -> bool:
    try:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
        return True
    except etree.XMLSyntaxError:
        return False


def test_every_feed_is_crawled_without_crash_or_hang(engine, site):
    files = {f"/fv/{path.relative_to(CORPUS)}": path.read_bytes() for path in feed_files()}
    assert len(files) > 1500
    site.route("/fv", lambda request: Response(files.get(request.path, b""), content_type="application/xml",
                                               status=200 if request.path in files else 404))
    site.routes.update({path: site.routes["/fv"] for path in files})
    with Session(engine) as session:
        ids = {}
        for path in files:
            ids[path] = create_blog(session, site.url + path, source="url").id
        session.commit()
    options = CrawlOptions(allow_private_networks=True, politeness_delay=0, per_host_limit=4, read_profiles=False,
                           total_timeout=5)
    started = time.monotonic()
    summary = crawl_blogs(engine, concurrency=4, options=options)
    assert time.monotonic() - started < 240
    assert summary.total == len(files) and summary.fetched + summary.errors == len(files)
    expected, checked = 0, 0
    with Session(engine) as session:
        stored = dict(session.exec(select(Post.blog_id, func.count()).group_by(Post.blog_id)).all())
        errors = dict(session.exec(select(Blog.id, Blog.last_error).where(Blog.error_count > 0)).all())
        for path, data in files.items():
            if not well_formed(data):
                continue
            try:
                entries = parse_feed(data, {"content-type": "application/xml"}, site.url + path).entries
            except FeedError:
                continue
            blog_id = ids[path]
            checked += 1
            expected += len(entries)
            assert stored.get(blog_id, 0) == len(entries), (path, errors.get(blog_id))
    assert checked > 1000 and expected > 500


def test_every_opml_file_parses_or_is_refused_clearly():
    for path in sorted(CORPUS.rglob("*.opml")):
        try:
            rows, problems = parse_opml(path.read_bytes())
        except ListError as error:
            assert str(error)
        else:
            assert all(row.feed_url or row.url for row in rows)
