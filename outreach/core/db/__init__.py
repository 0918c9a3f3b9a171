"""The database: engines, the schema and its migrations, and SQLite's write plumbing."""

from outreach.core.db.engine import DatabaseError, make_engine
from outreach.core.db.schema import require_current_schema, schema_is_current, upgrade_schema

__all__ = ["DatabaseError", "make_engine", "require_current_schema", "schema_is_current", "upgrade_schema"]
