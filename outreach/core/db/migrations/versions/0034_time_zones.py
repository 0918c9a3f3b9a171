"""time zones

Revision ID: 0034_time_zones
Revises: 0033_coverage_goal
Create Date: 2026-12-07 06:40:00.000000

A person's pages show times in their own zone and read the times they enter in it; a
mailbox's sending hours and daily limit follow the clock of its zone. Both were UTC before,
which is what every row keeps until someone chooses.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0034_time_zones'
down_revision = '0033_coverage_goal'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('user_account', 'mailbox'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('time_zone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False,
                                       server_default='UTC'))


def downgrade() -> None:
    for table in ('mailbox', 'user_account'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('time_zone')
