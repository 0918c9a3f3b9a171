"""The index belongs to its database: published there as generations, fetched by every
process that ranks, and refused where it came from another database."""

from __future__ import annotations

import json

from sqlmodel import Session

from outreach.core.db import make_engine
from outreach.core.search_index import index_identity
from scoring import NicheSpec, current_index, rank_niche, refresh_index
from scoring.store import MANIFEST
from tests.factories import NOW, Collection

KNITTING = NicheSpec("Knitting", "knitting with wool and yarn")
RUNNING = NicheSpec("Running", "trail running and marathon races")


def top_name(index, spec) -> str:
    return rank_niche(index, spec, now=NOW).bloggers[0].name


def identity_in(directory) -> tuple:
    manifest = json.loads((directory / MANIFEST).read_text())
    return manifest["database_id"], manifest["generation"], manifest["generation_token"]


def test_two_hosts_on_one_database_rank_from_the_newest_generation(background, tmp_path):
    session = background.session
    crawl_host, web_host = tmp_path / "crawl-host" / "index", tmp_path / "web-host" / "index"
    background.blog("Runner", ["running"] * 6)
    assert refresh_index(session, crawl_host).action == "built"
    first = current_index(session, web_host)  # nothing copied by hand: fetched from the database
    assert top_name(first, RUNNING) == "Runner"
    assert identity_in(web_host) == identity_in(crawl_host) == tuple(vars(index_identity(session)).values())
    background.blog("Second Runner", ["running"] * 6, days_ago_last=0)
    assert refresh_index(session, crawl_host).action == "updated"  # the crawl publishes generation 2
    second = current_index(session, web_host)
    runners = {b.name for b in rank_niche(second, RUNNING, now=NOW).bloggers[:2]}
    assert second is not first and runners == {"Runner", "Second Runner"}
    assert identity_in(web_host)[1] == identity_in(crawl_host)[1] == 2
    assert current_index(session, web_host) is second  # loaded once per generation


def test_two_databases_with_one_folder_each_rank_from_their_own(database_url, other_database_url, tmp_path):
    folder = tmp_path / "instance" / "index"
    engines = [make_engine(database_url), make_engine(other_database_url)]
    try:
        for engine, topic in zip(engines, ("running", "knitting")):
            with Session(engine) as session:
                collection = Collection(session)
                for number in range(6):
                    collection.blog(f"Other {number}", ["cooking"] * 5 + ["gardening"] * 3)
                collection.blog(topic.title(), [topic] * 6)
        with Session(engines[0]) as first, Session(engines[1]) as second:
            assert refresh_index(first, folder).action == "built"
            assert top_name(current_index(first, folder), RUNNING) == "Running"
            # The other database has no index yet: the folder's copy (the first's) is refused.
            assert refresh_index(second, folder).action == "built"
            assert top_name(current_index(second, folder), KNITTING) == "Knitting"
            assert identity_in(folder)[2] == index_identity(second).token
            # Back to the first: its own generation is fetched from it, not rebuilt, not the other's.
            index = current_index(first, folder)
            assert top_name(index, RUNNING) == "Running" and "Knitting" not in index.blogs.names
            assert identity_in(folder)[2] == index_identity(first).token
            assert refresh_index(first, folder).action == "unchanged"
    finally:
        for engine in engines:
            engine.dispose()


def test_a_reader_asking_for_a_deleted_generation_takes_the_newest(background, tmp_path):
    from outreach.core.search_index import IndexIdentity
    from scoring.published import published_index

    session = background.session
    background.blog("Runner", ["running"] * 6)
    for _ in range(3):  # generations 1 to 3; the pieces of 1 are deleted when 3 is published
        refresh_index(session, tmp_path / "crawl-host", rebuild=True)
    newest = index_identity(session)
    stale = IndexIdentity(newest.database_id, 1, "gone")
    index = published_index(session, tmp_path / "web-host", stale)
    assert top_name(index, RUNNING) == "Runner" and identity_in(tmp_path / "web-host")[1] == 3


def raises_the_generation(statement: str) -> bool:
    """Whether the SQL statement is a publish raising the index's generation."""
    statement = statement.lower()
    return statement.lstrip().startswith("update index_state") and "generation_token" in statement


def test_two_crawl_workers_publishing_at_once_drop_neither_ones_posts(background, tmp_path):
    from sqlalchemy import event

    session = background.session
    engine = session.get_bind()
    background.blog("Runner", ["running"] * 6)
    refresh_index(session, tmp_path / "worker-a")
    background.blog("Second Runner", ["running"] * 6, days_ago_last=0)  # worker A's crawl
    overtaken: list[bool] = []

    def other_worker_publishes_first(conn, cursor, statement, parameters, context, executemany):
        # Worker A has read generation 1 and is about to publish; worker B's crawl and
        # refresh land first, as generation 2.
        if overtaken or not raises_the_generation(statement):
            return
        overtaken.append(True)
        with Session(engine) as other:
            Collection(other).blog("Third Runner", ["running"] * 6, days_ago_last=0)
            assert refresh_index(other, tmp_path / "worker-b").action == "updated"

    event.listen(engine, "before_cursor_execute", other_worker_publishes_first)
    try:
        # Starting again from B's generation, A finds its own post there too: B read it.
        assert refresh_index(session, tmp_path / "worker-a").action == "unchanged"
    finally:
        event.remove(engine, "before_cursor_execute", other_worker_publishes_first)
    assert overtaken and index_identity(session).generation == 2
    for host in ("worker-a", "worker-b", "web"):
        names = {b.name for b in rank_niche(current_index(session, tmp_path / host), RUNNING, now=NOW).bloggers[:3]}
        assert names == {"Runner", "Second Runner", "Third Runner"}


def test_a_refresh_overtaken_every_time_publishes_at_its_last_try_and_the_next_adds_the_rest(background, tmp_path):
    from sqlalchemy import event

    from scoring.sync import PUBLISH_ATTEMPTS

    session = background.session
    engine = session.get_bind()
    background.blog("Runner", ["running"] * 6)
    refresh_index(session, tmp_path / "worker-a")
    busy, overtaken = [], []

    def other_worker_publishes_first(conn, cursor, statement, parameters, context, executemany):
        if busy or not raises_the_generation(statement):
            return
        busy.append(True)
        try:  # before each of A's tries, B crawls a runner and publishes; then C crawls one
            with Session(engine) as other:
                Collection(other).blog(f"Runner B{len(overtaken)}", ["running"] * 6, days_ago_last=0)
                refresh_index(other, tmp_path / "worker-b")
                Collection(other).blog(f"Runner C{len(overtaken)}", ["running"] * 6, days_ago_last=0)
            overtaken.append(True)
        finally:
            busy.clear()

    background.blog("Runner 1", ["running"] * 6, days_ago_last=0)
    event.listen(engine, "before_cursor_execute", other_worker_publishes_first)
    try:
        refresh_index(session, tmp_path / "worker-a")
    finally:
        event.remove(engine, "before_cursor_execute", other_worker_publishes_first)
    assert len(overtaken) == PUBLISH_ATTEMPTS  # published at the last try, over B's newest
    assert refresh_index(session, tmp_path / "worker-a").action != "unchanged"  # what that publish missed
    ranked = {b.name for b in rank_niche(current_index(session, tmp_path / "web"), RUNNING, now=NOW).bloggers}
    assert {"Runner", "Runner 1"} | {f"Runner {w}{n}" for w in "BC" for n in range(PUBLISH_ATTEMPTS)} <= ranked
