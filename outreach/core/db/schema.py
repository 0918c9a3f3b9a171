"""The schema: Alembic migrations bring any database to the newest revision."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from outreach.core.db.engine import DatabaseError, first_line

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The directory's trigram index (migration 0006), kept beside the models' tables.
TEXT_INDEX_TABLE = "blog_search"


def described_by_models(name: str | None, type_: str, _parent_names) -> bool:
    """Whether schema comparisons should look at this object: not the text index's tables.

    The directory's trigram index (migration 0006) is an FTS5 table that SQLite keeps in
    shadow tables of its own; no model describes them, and they must not be dropped.
    """
    return not (type_ == "table" and name is not None and name.startswith(TEXT_INDEX_TABLE))


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade_schema(engine: Engine) -> None:
    """Create the schema or bring it up to the newest migration; safe to run twice."""
    try:
        alembic_command.upgrade(alembic_config(engine), "head")
    except OperationalError as error:
        raise DatabaseError(f"cannot reach the database: {first_line(error)}") from None


@lru_cache(maxsize=1)
def newest_revision() -> str:
    """The newest migration's revision, read once a process (reading the scripts takes a while)."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_is_current(engine: Engine) -> bool:
    """Whether the database has been migrated to the newest revision."""
    head = newest_revision()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except OperationalError as error:
        raise DatabaseError(f"cannot reach the database: {first_line(error)}") from None
    return current == head


def require_current_schema(engine: Engine) -> None:
    """Refuse clearly when the schema is missing or old: a command must not half-work."""
    if not schema_is_current(engine):
        raise DatabaseError("the database schema is missing or out of date: run `outreach init-db` first")
