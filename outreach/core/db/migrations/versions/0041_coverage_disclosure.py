"""coverage disclosure

Revision ID: 0041_coverage_disclosure
Revises: 0040_sequence_working_days
Create Date: 2026-12-07 09:50:00.000000

The disclosure a coverage post makes ("sponsored", "#ad"), read from its text and its live page:
a post paid for or gifted owes one.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0041_coverage_disclosure'
down_revision = '0040_sequence_working_days'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('coverage') as batch:
        batch.add_column(sa.Column('disclosure', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('coverage') as batch:
        batch.drop_column('disclosure')
