"""`outreach init-db`, and the session every other command opens."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlmodel import Session

from outreach.core.db import require_current_schema, row_or_none, upgrade_schema
from outreach.core.errors import Refused
from outreach.core.models import MAX_ID
from outreach.web.db import get_engine


def cli_session() -> Session:
    """A session for a CLI command, refusing clearly when the schema is missing or old."""
    engine = get_engine()
    require_current_schema(engine)
    return Session(engine)


# Any row id a command takes: past the database's integer range there is no row, and a
# database refuses to compare such a number, so click refuses it with the range.
ROW_ID = click.IntRange(min=1, max=MAX_ID)


def get_or_refuse(session: Session, model: type, row_id: int, label: str):
    """The row with this id, or the command ends with 'no <label> with id <id>'."""
    row = row_or_none(session, model, row_id)
    if row is None:
        raise Refused(f"no {label} with id {row_id}")
    return row


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the database schema, or upgrade it to the newest version."""
    engine = get_engine()
    upgrade_schema(engine)
    click.echo(f"Database ready: {engine.url.render_as_string(hide_password=True)}")
