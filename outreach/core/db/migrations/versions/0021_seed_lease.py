"""seed lease

Revision ID: 0021_seed_lease
Revises: 0020_niche_fit
Create Date: 2026-12-06 16:10:00.000000

A niche's seed page is read once, by the crawl tick of one scheduler: a lease keeps two
schedulers on the same database from fetching the same page (outreach.core.claims).
"""

from alembic import op
import sqlalchemy as sa
import outreach.core.models.types


revision = '0021_seed_lease'
down_revision = '0020_niche_fit'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('niche_seed', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('claimed_until', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('niche_seed', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
