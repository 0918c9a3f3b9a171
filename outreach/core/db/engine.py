"""Engines: SQLite tuned for a web app and a crawler at once, PostgreSQL as it comes."""

from __future__ import annotations

from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlmodel import create_engine

from outreach.core.db.checkpoints import watch_checkpoints


class DatabaseError(RuntimeError):
    """A database that cannot be reached or a URL that cannot be used, said in one line."""


def make_engine(url: str) -> Engine:
    """Create an engine for the URL, with SQLite tuned for a web app and a crawler at once."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"not a database URL: {url!r}") from None
    options: dict = {"pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        # Several threads and processes share the file: wait for locks instead of failing.
        options["connect_args"] = {"timeout": 30, "check_same_thread": False}
        # A file has no server to drop the connection, so the ping (a SELECT 1 on every
        # request) buys nothing; servers (PostgreSQL) keep it.
        options["pool_pre_ping"] = False
    try:
        engine = create_engine(parsed, **options)
    except (ArgumentError, NoSuchModuleError) as error:
        raise DatabaseError(f"cannot use database URL {parsed!r}: {error}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
        watch_checkpoints(engine)
        engine.dialect.statement_compiler = _sqlite_compiler(engine.dialect.statement_compiler)
    return engine


def _sqlite_compiler(base: type) -> type:
    """SQLite's compiler, with ILIKE written as a plain LIKE.

    SQLAlchemy writes `a ILIKE b` as `lower(a) LIKE lower(b)` on SQLite. SQLite's LIKE
    already ignores case, for the same ASCII letters its lower() knows, so the answer is
    the same; without the two lower() calls per row a search of a big directory scans
    twice as fast.
    """

    class SQLiteCompiler(base):
        def visit_ilike_op_binary(self, binary, operator, **kw):
            return self.visit_like_op_binary(binary, operator, **kw)

        def visit_not_ilike_op_binary(self, binary, operator, **kw):
            return self.visit_not_like_op_binary(binary, operator, **kw)

    return SQLiteCompiler


def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL lets the web app read while a crawl writes.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache per connection
    cursor.close()


def first_line(error: Exception) -> str:
    """The first line of a database error's own message, for a one-line report."""
    text = str(getattr(error, "orig", None) or error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
