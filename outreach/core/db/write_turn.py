"""Crawl processes sharing a SQLite file take turns to write, queued by the kernel.

SQLite lets one writer in at a time; the others retry on a timer that sleeps 1, 2, 5,
10... ms, so two crawl processes writing a blog's posts every few milliseconds spent half
their time asleep. An exclusive lock on a file beside the database queues them instead:
the next writer wakes the moment the last one commits. PostgreSQL needs none of this.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

try:
    import fcntl
except ImportError:  # not on Linux or macOS: SQLite's own retries still keep writes correct
    fcntl = None

_held = threading.local()


def sqlite_file(bind: Engine | Connection) -> str | None:
    """The path of the SQLite file behind an engine; None for another database, or SQLite in
    memory or given by a file: URI."""
    database = bind.url.database if bind.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


def lock_path(session: Session) -> str | None:
    """The lock file for the session's database, or None when no turn-taking is needed."""
    database = sqlite_file(session.get_bind())
    if fcntl is None or database is None:
        return None
    return f"{database}.write-lock"


@contextmanager
def write_turn(session: Session) -> Iterator[None]:
    """Hold this process's (and thread's) turn to write while the block runs; re-entrant."""
    path = lock_path(session)
    if path is None or getattr(_held, "depth", 0):
        _held.depth = getattr(_held, "depth", 0) + 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    # A separate open file per turn: flock then excludes other threads of this process too.
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            fcntl.flock(handle, fcntl.LOCK_UN)
