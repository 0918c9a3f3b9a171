"""The database: one engine per app, one session per request, and `init-db`."""

from __future__ import annotations

import logging
from pathlib import Path

import click
from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlmodel import Session, create_engine

from crawlers.checkpoint import watch_checkpoints

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
ENGINE_KEY = "outreach.engine"


class DatabaseError(click.ClickException):
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


def get_engine(app: Flask | None = None) -> Engine:
    """The app's engine, created on first use."""
    app = app or current_app
    engine = app.extensions.get(ENGINE_KEY)
    if engine is None:
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions[ENGINE_KEY] = engine
    return engine


def get_session() -> Session:
    """The session of the current request, opened on first use and closed on teardown."""
    if "db_session" not in g:
        g.db_session = Session(get_engine())
    return g.db_session


def close_session(_error: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


# The directory's trigram index (migration 0006), kept beside the models' tables.
TEXT_INDEX_TABLE = "blog_search"


def described_by_models(name: str | None, type_: str, _parent_names) -> bool:
    """Whether schema comparisons should look at this object: not the text index's tables.

    The directory's trigram index (migration 0006) is an FTS5 table that SQLite keeps in
    shadow tables of its own; no model describes them, and they must not be dropped.
    """
    return not (type_ == "table" and name is not None and name.startswith(TEXT_INDEX_TABLE))


def alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade_schema(engine: Engine) -> None:
    """Create the schema or bring it up to the newest migration; safe to run twice."""
    try:
        alembic_command.upgrade(alembic_config(engine), "head")
    except OperationalError as error:
        raise DatabaseError(f"cannot reach the database: {_first_line(error)}") from None


def schema_is_current(engine: Engine) -> bool:
    """Whether the database has been migrated to the newest revision."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except OperationalError as error:
        raise DatabaseError(f"cannot reach the database: {_first_line(error)}") from None
    return current == head


def cli_session() -> Session:
    """A session for a CLI command, refusing clearly when the schema is missing or old."""
    engine = get_engine()
    if not schema_is_current(engine):
        raise DatabaseError(
            "the database schema is missing or out of date: run `outreach init-db` first"
        )
    return Session(engine)


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database schema, or upgrade it to the newest version."""
    engine = get_engine()
    upgrade_schema(engine)
    click.echo(f"Database ready: {engine.url.render_as_string(hide_password=True)}")


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_session)
