"""calendar token

Revision ID: 0025_calendar_token
Revises: 0024_two_step
Create Date: 2026-12-07 00:30:00.000000

A person's follow-ups as a calendar feed at a private address; the hash of its token is kept.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0025_calendar_token'
down_revision = '0024_two_step'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('calendar_token_hash', sqlmodel.sql.sqltypes.AutoString(length=64),
                                   server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('calendar_token_hash')
