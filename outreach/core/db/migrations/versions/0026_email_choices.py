"""email choices

Revision ID: 0026_email_choices
Revises: 0025_calendar_token
Create Date: 2026-12-07 00:40:00.000000

Each person chooses whether the app emails them the daily follow-up digest and its alerts.
"""

from alembic import op
import sqlalchemy as sa


revision = '0026_email_choices'
down_revision = '0025_calendar_token'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('email_digest', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch.add_column(sa.Column('email_alerts', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('email_alerts')
        batch.drop_column('email_digest')
