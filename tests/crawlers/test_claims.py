"""Several crawl processes over the same blogs: each blog fetched once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

from sqlmodel import select
from werkzeug.wrappers import Response

from crawlers.options import CrawlOptions
from crawlers.refresh import utcnow
from crawlers.schedule import claim_blogs, lease
from outreach.core.blog_intake import create_blog
from outreach.core.models import Blog
from tests.local_site import GOLDEN

WORKER = """
import sys
from outreach.core.db import make_engine
from crawlers.crawl import crawl_blogs
from crawlers.options import CrawlOptions
engine = make_engine(sys.argv[1])
summary = crawl_blogs(engine, concurrency=3, options=CrawlOptions(allow_private_networks=True, politeness_delay=0))
print(summary.fetched)
"""


def test_a_claimed_blog_is_not_claimed_again_until_its_lease_runs_out(session):
    for number in range(3):
        create_blog(session, f"http://b{number}.example/feed", source="url")
    session.commit()
    options = CrawlOptions(lease_seconds=60)
    now = utcnow()
    first = claim_blogs(session, now, options, limit=2)
    second = claim_blogs(session, now, options, limit=5)
    assert len(first) == 2 and len(second) == 1 and not set(first) & set(second)
    assert claim_blogs(session, now, options, limit=5) == []
    later = claim_blogs(session, now + timedelta(seconds=61), options, limit=5)  # a crashed worker's lease
    assert sorted(later) == sorted(first + second)


def test_a_blog_refreshed_since_it_was_picked_is_not_leased(session):
    """The race two SQLite crawl processes ran into: one picks a due blog, the other claims,
    refreshes and releases it, then the first writes its lease. The blog is no longer due, so
    it must stay free; it used to be leased and left so, and missed the next crawl."""
    blogs = [create_blog(session, f"http://b{number}.example/feed", source="url") for number in range(2)]
    session.commit()
    now = utcnow()
    refreshed, still_due = blogs
    refreshed.next_check_at = now + timedelta(hours=1)  # what the other worker's refresh left
    session.add(refreshed)
    session.commit()
    claimed = lease(session, [refreshed.id, still_due.id], "token", now + timedelta(seconds=60), now, now,
                    due_only=True)
    assert claimed == {still_due.id}
    session.expire_all()
    assert session.get(Blog, refreshed.id).claimed_by == ""
    assert session.get(Blog, still_due.id).claimed_by == "token"


def test_a_claim_that_loses_the_race_for_every_picked_blog_picks_again(session):
    """SQLite reads without locks: another worker may lease the picked blogs just before this
    one writes its lease. The claim then picks again instead of reporting nothing left."""
    import pytest
    from sqlalchemy import event, update

    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL locks the picked rows (SKIP LOCKED): the race cannot happen")
    blogs = [create_blog(session, f"http://b{number}.example/feed", source="url") for number in range(3)]
    session.commit()
    first_two = [blogs[0].id, blogs[1].id]
    now = utcnow()
    raced = []

    def other_worker_leases_first(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("UPDATE BLOG SET CLAIMED_BY") and not raced:
            raced.append(True)
            with engine.connect() as other:
                other.execute(update(Blog).where(Blog.id.in_(first_two))
                              .values(claimed_by="other", claimed_until=now + timedelta(seconds=60)))
                other.commit()

    event.listen(engine, "before_cursor_execute", other_worker_leases_first)
    try:
        claimed = claim_blogs(session, now, CrawlOptions(lease_seconds=60), limit=2)
    finally:
        event.remove(engine, "before_cursor_execute", other_worker_leases_first)
    assert raced and claimed == [blogs[2].id]


def test_two_processes_fetch_each_blog_once(session, site, database_url):
    """On PostgreSQL (SKIP LOCKED) and on SQLite (leases re-checked as they are written, and
    writers taking turns): both processes work, and no blog is fetched twice."""
    body = (GOLDEN / "rss.xml").read_bytes()

    def slow_feed(request):
        time.sleep(0.2)
        return Response(body, content_type="application/rss+xml")

    for number in range(30):
        site.route(f"/feed{number}.xml", slow_feed)
        create_blog(session, f"{site.url}/feed{number}.xml", source="url")
    session.commit()
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, database_url], stdout=subprocess.PIPE, text=True,
                                env=env) for _ in range(2)]
    fetched = [int(worker.communicate(timeout=120)[0].strip().splitlines()[-1]) for worker in workers]
    counts = Counter(request.path for request in site.requests if request.path.startswith("/feed"))
    assert sum(fetched) == 30 and all(count > 0 for count in fetched)
    assert set(counts.values()) == {1} and len(counts) == 30
    session.expire_all()
    assert all(blog.claimed_by == "" for blog in session.exec(select(Blog)))


def test_write_turns_exclude_each_other_and_nest(session):
    import threading

    from outreach.core.db.write_turn import write_turn

    inside, overlaps = [], []

    def writer():
        with write_turn(session):
            with write_turn(session):  # nested: the same turn, no deadlock
                inside.append(1)
                overlaps.append(len(inside))
                time.sleep(0.05)
                inside.pop()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(overlaps) == 4
    if session.get_bind().dialect.name == "sqlite":
        assert overlaps == [1, 1, 1, 1]  # one writer at a time


def test_a_one_thread_crawl_refreshes_every_due_blog_once_in_batches(session, engine, site):
    """concurrency=1 runs in the calling thread; with more blogs than a batch it must claim
    again until none is due, and a second crawl finds every feed unchanged."""
    from crawlers.crawl import crawl_blogs

    body = (GOLDEN / "rss.xml").read_bytes()
    for number in range(20):
        site.route(f"/feed{number}.xml", lambda request: Response(body, content_type="application/rss+xml"))
        create_blog(session, f"{site.url}/feed{number}.xml", source="url")
    session.commit()
    options = CrawlOptions(allow_private_networks=True, politeness_delay=0, read_profiles=False)
    seen = []
    first = crawl_blogs(engine, concurrency=1, options=options, on_progress=lambda result: seen.append(result.blog_id))
    assert (first.fetched, first.errors) == (20, 0) and len(set(seen)) == 20
    second = crawl_blogs(engine, due_only=False, concurrency=1, options=options)
    assert (second.fetched + second.unchanged, second.errors) == (20, 0)
    session.expire_all()
    assert all(blog.claimed_by == "" for blog in session.exec(select(Blog)))


def test_claim_batches_grow_when_refreshes_are_quick_and_stay_small_when_slow():
    from crawlers.crawl import Pace

    quick, slow = Pace(), Pace()
    assert quick.batch(1) == 8  # nothing measured yet
    for _ in range(50):
        quick.record(0.004)  # a 304
        slow.record(0.5)  # a slow server
    assert quick.batch(1) == 62 and quick.batch(4) == Pace.MOST
    assert slow.batch(1) == 8 and slow.batch(4) == 16


def test_a_crawl_of_every_blog_claims_those_not_checked_since_it_began(session):
    """`outreach crawl --all` wants every blog once, due or not: the ones not gone and not
    checked since the crawl began (no list of every id sent with each claim)."""
    now = utcnow()
    never, before, after, gone = [create_blog(session, f"http://b{number}.example/feed", source="url")
                                  for number in range(4)]
    before.last_checked_at, before.next_check_at = now - timedelta(hours=1), now + timedelta(hours=5)
    after.last_checked_at = now + timedelta(seconds=1)  # refreshed by this crawl already
    gone.status = "gone"
    session.add_all([before, after, gone])
    session.commit()
    claimed = claim_blogs(session, now + timedelta(seconds=2), CrawlOptions(), limit=10, due_only=False, since=now)
    assert sorted(claimed) == sorted([never.id, before.id])
