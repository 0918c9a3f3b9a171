"""The crawl's checkpoint thread: SQLite's log is copied back by it, not by the writers' commits."""

from __future__ import annotations

import os
import time

from sqlalchemy import text

from outreach.core.db import make_engine
from outreach.core.db.checkpoints import SQLITE_DEFAULT_PAGES, background_checkpoints


def autocheckpoint(engine) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()


def test_writers_leave_checkpoints_to_the_thread_only_during_the_crawl(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'crawl.sqlite'}")
    assert autocheckpoint(engine) == SQLITE_DEFAULT_PAGES
    with background_checkpoints(engine):
        assert autocheckpoint(engine) == 0
    # The same pooled connection checkpoints for itself again after the crawl.
    assert autocheckpoint(engine) == SQLITE_DEFAULT_PAGES
    engine.dispose()


def test_the_thread_copies_what_the_crawl_wrote_into_the_database(tmp_path):
    path = tmp_path / "crawl.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE page (body TEXT)"))
    empty = os.path.getsize(path)
    body = "x" * 4000
    with background_checkpoints(engine, interval=0.05):
        for _ in range(18):  # 900 pages in all: short of the 1,000 at which SQLite copies them
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO page VALUES (:body)"), [{"body": body}] * 50)
        deadline = time.monotonic() + 10
        while os.path.getsize(path) < empty + 800 * 4096 and time.monotonic() < deadline:
            time.sleep(0.05)
        # The commits wrote only to the log; the thread copied the pages into the file.
        assert os.path.getsize(path) >= empty + 800 * 4096
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM page")).scalar() == 900
    engine.dispose()


def test_no_thread_where_there_is_no_sqlite_file(tmp_path):
    engine = make_engine("sqlite://")
    with background_checkpoints(engine):
        assert autocheckpoint(engine) == SQLITE_DEFAULT_PAGES
    engine.dispose()


def test_a_crawl_hands_checkpoints_to_its_thread_and_back(engine, session, site):
    from sqlmodel import select
    from werkzeug.wrappers import Response

    from crawlers.crawl import crawl_blogs
    from crawlers.options import CrawlOptions
    from outreach.core.blog_intake import create_blog
    from outreach.core.models import Post
    from tests.local_site import GOLDEN

    body = (GOLDEN / "rss.xml").read_bytes()
    for number in range(3):
        site.route(f"/feed{number}.xml", lambda request: Response(body, content_type="application/rss+xml"))
        create_blog(session, f"{site.url}/feed{number}.xml", source="url")
    session.commit()
    on_sqlite = engine.dialect.name == "sqlite"
    during = []
    options = CrawlOptions(allow_private_networks=True, politeness_delay=0, read_profiles=False)
    summary = crawl_blogs(engine, concurrency=1, options=options,
                          on_progress=lambda result: during.append(autocheckpoint(engine) if on_sqlite else None))
    assert (summary.fetched, summary.errors) == (3, 0)
    assert len(session.exec(select(Post.id)).all()) == 3 * 2  # the golden feed's two posts, each blog
    if on_sqlite:
        assert during == [0, 0, 0]  # the crawl's thread checkpoints, the commits do not
        assert autocheckpoint(engine) == SQLITE_DEFAULT_PAGES


def test_when_the_thread_cannot_checkpoint_the_writers_do_it_again(tmp_path, caplog):
    from outreach.core.db.checkpoints import WATCHED

    folder = tmp_path / "not-a-database"
    folder.mkdir()
    engine = make_engine(f"sqlite:///{folder}")  # a folder: every connection fails
    crawls = WATCHED[engine]
    with background_checkpoints(engine, interval=0.01):
        deadline = time.monotonic() + 10
        while crawls.running and time.monotonic() < deadline:
            time.sleep(0.01)
        assert crawls.running == 0  # so a connection checked out now keeps SQLite's own checkpoints
    assert crawls.running == 0 and "background checkpoints stopped" in caplog.text
    engine.dispose()
