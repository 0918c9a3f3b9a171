"""SQLite's write-ahead log copied back into the database by a thread of the crawl.

SQLite leaves that copy (a checkpoint, with two fsyncs) to whichever writer's commit takes
the log past 1,000 pages. In a crawl that writer holds the write turn (write_turn.py) while
the disk syncs, and the other crawl processes wait for it too: a tenth of a first crawl's
time went so. During a crawl, the engine's connections leave checkpoints to a thread that
runs one every fraction of a second and waits for the disk with the GIL released. PostgreSQL
needs none of this.
"""

from __future__ import annotations

import logging
import threading
import weakref
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from outreach.core.db.write_turn import sqlite_file

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 0.25
SQLITE_DEFAULT_PAGES = 1000  # SQLite's own wal_autocheckpoint
HANDS_OFF = "outreach.autocheckpoint_off"  # marks a pooled connection whose commits skip it


class Crawls:
    """How many crawls run on one engine; its connections skip checkpoints while any does."""

    def __init__(self) -> None:
        self.running = 0
        self.lock = threading.Lock()

    def on_checkout(self, dbapi_connection, record, _proxy) -> None:
        if self.running and not record.info.get(HANDS_OFF):
            dbapi_connection.execute("PRAGMA wal_autocheckpoint = 0")
            record.info[HANDS_OFF] = True
        else:
            self.hand_back(dbapi_connection, record)  # idle in the pool when the crawl ended

    def hand_back(self, dbapi_connection, record) -> None:
        """After the crawls, the connection checkpoints for itself again (also at check-in:
        another thread may have checked it out during a crawl)."""
        if not self.running and record.info.get(HANDS_OFF) and dbapi_connection is not None:
            dbapi_connection.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_DEFAULT_PAGES}")
            del record.info[HANDS_OFF]


WATCHED: weakref.WeakKeyDictionary[Engine, Crawls] = weakref.WeakKeyDictionary()


def watch_checkpoints(engine: Engine) -> None:
    """Let crawls on this engine take over its checkpoints. Called where the engine is made,
    before any thread uses it: SQLAlchemy's listeners must not change while connections check out."""
    if sqlite_file(engine) is not None and engine not in WATCHED:
        crawls = WATCHED[engine] = Crawls()
        event.listen(engine, "checkout", crawls.on_checkout)
        event.listen(engine, "checkin", crawls.hand_back)


@contextmanager
def background_checkpoints(engine: Engine, interval: float = INTERVAL_SECONDS) -> Iterator[None]:
    """While the block runs, checkpoint the SQLite log from a thread; a no-op on an engine not
    watched (PostgreSQL, SQLite in memory)."""
    crawls = WATCHED.get(engine)
    if crawls is None:
        yield
        return
    stop, done = threading.Event(), threading.Event()

    def finished() -> None:
        with crawls.lock:
            if not done.is_set():
                done.set()
                crawls.running -= 1

    def run() -> None:
        try:
            with engine.connect() as connection:
                while True:
                    stopping = stop.wait(interval)
                    # PASSIVE never waits for readers or writers: it copies what it can.
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
                    if stopping:
                        return
        except DBAPIError as error:
            # Connections checked out from now on checkpoint for themselves again.
            log.warning("background checkpoints stopped: %s", error)
            finished()

    with crawls.lock:
        crawls.running += 1
    thread = threading.Thread(target=run, name="sqlite-checkpoints", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        finished()
