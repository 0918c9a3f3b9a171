"""coverage goal

Revision ID: 0033_coverage_goal
Revises: 0032_client_report
Create Date: 2026-12-07 03:40:00.000000

A campaign may set out to win a number of coverage posts; its board, the dashboard and the
brand's report show how far it got.
"""

from alembic import op
import sqlalchemy as sa


revision = '0033_coverage_goal'
down_revision = '0032_client_report'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('campaign') as batch:
        batch.add_column(sa.Column('coverage_goal', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('campaign') as batch:
        batch.drop_column('coverage_goal')
