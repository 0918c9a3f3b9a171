"""The database: engines, the schema and its migrations, and SQLite's write plumbing."""

from outreach.core.db.engine import DatabaseError, make_engine
from outreach.core.db.rows import is_row_id, row_or_none
from outreach.core.db.schema import require_current_schema, schema_is_current, upgrade_schema

__all__ = ["DatabaseError", "is_row_id", "make_engine", "require_current_schema", "row_or_none", "schema_is_current",
           "upgrade_schema"]
