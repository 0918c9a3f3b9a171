"""candidate read at

Revision ID: 0018_candidate_read_at
Revises: 0017_niche_discovery_request
Create Date: 2026-12-06 12:40:00.000000

A discovered candidate's feed is read before anyone adds it (its newest posts, and where it
would rank for the niches), by the scheduler's crawl tick. The time it was read marks it done,
so that each tick reads the next ones without scanning every candidate's details; a lease
keeps two schedulers from reading the same one.
"""

from alembic import op
import sqlalchemy as sa
import outreach.core.models.types


revision = '0018_candidate_read_at'
down_revision = '0017_niche_discovery_request'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('blog_candidate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('read_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index('ix_blog_candidate_read_at', ['read_at'], unique=False)
        # A lease, so that several schedulers never read one candidate twice (outreach.core.claims).
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('claimed_until', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('blog_candidate', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
        batch_op.drop_index('ix_blog_candidate_read_at')
        batch_op.drop_column('read_at')
