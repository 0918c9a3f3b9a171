"""campaign avoid terms

Revision ID: 0048_campaign_avoid_terms
Revises: 0047_campaign_files
Create Date: 2026-12-07 15:10:00.000000

Words a campaign's brand will not be seen beside: its bloggers' posts that use them are shown
before anyone pitches.
"""

from alembic import op
import sqlalchemy as sa


revision = '0048_campaign_avoid_terms'
down_revision = '0047_campaign_files'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('campaign', recreate='never') as batch:
        batch.add_column(sa.Column('avoid_terms', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('campaign') as batch:
        batch.drop_column('avoid_terms')
