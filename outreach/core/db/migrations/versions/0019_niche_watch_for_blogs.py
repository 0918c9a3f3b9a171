"""niche watch for blogs

Revision ID: 0019_niche_watch_for_blogs
Revises: 0018_candidate_read_at
Create Date: 2026-12-06 13:05:00.000000

A niche may ask for discovery again every so many days: the scheduler asks for it as a person
would on the Discover page, and the niche's creator hears of the new candidates that would
rank in its top 10. discovered_at is when the scheduler last asked.
"""

from alembic import op
import sqlalchemy as sa
import outreach.core.models.types


revision = '0019_niche_watch_for_blogs'
down_revision = '0018_candidate_read_at'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('niche', schema=None) as batch_op:
        batch_op.add_column(sa.Column('discover_every_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('discovered_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))
        # A lease, so that several schedulers never run one discovery request twice (outreach.core.claims).
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('claimed_until', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('niche', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('discovered_at')
        batch_op.drop_column('discover_every_days')
