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
