"""weekly report

Revision ID: 0028_weekly_report
Revises: 0027_coverage_links
Create Date: 2026-12-07 00:50:00.000000

Managers choose whether Monday's email of the campaigns' week comes to them.
"""

from alembic import op
import sqlalchemy as sa


revision = '0028_weekly_report'
down_revision = '0027_coverage_links'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('email_weekly_report', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('email_weekly_report')
