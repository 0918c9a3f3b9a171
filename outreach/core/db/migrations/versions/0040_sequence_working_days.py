"""sequence steps counted in working days

Revision ID: 0040_sequence_working_days
Revises: 0039_fees
Create Date: 2026-12-07 09:40:00.000000

A follow-up step may fall due a number of working days (Monday to Friday) after the pitch,
rather than of calendar days.
"""

from alembic import op
import sqlalchemy as sa


revision = '0040_sequence_working_days'
down_revision = '0039_fees'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sequence_step') as batch:
        batch.add_column(sa.Column('working_days', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('sequence_step') as batch:
        batch.drop_column('working_days')
