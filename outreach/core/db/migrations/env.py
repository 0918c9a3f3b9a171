"""Alembic environment: migrations run on the engine the app (or a test) hands over."""

from alembic import context

from outreach.core.db.schema import described_by_models
from outreach.core.models import metadata

config = context.config


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            # SQLite cannot ALTER most things in place; batch mode copies the table.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=described_by_models,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
