"""pitches that wait for a manager's approval

Revision ID: 0042_pitch_approval
Revises: 0041_coverage_disclosure
Create Date: 2026-12-07 10:00:00.000000

A campaign may ask that its staff's pitches wait for a manager's approval before they go.
"""

from alembic import op
import sqlalchemy as sa


revision = '0042_pitch_approval'
down_revision = '0041_coverage_disclosure'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('campaign') as batch:
        batch.add_column(sa.Column('pitches_need_approval', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('campaign') as batch:
        batch.drop_column('pitches_need_approval')
