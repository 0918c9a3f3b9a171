"""blog removal

Revision ID: 0023_blog_removal
Revises: 0022_forgotten_identity
Create Date: 2026-12-07 00:20:00.000000

Each deletion of blogs (by hand, a merge, a blogger forgotten) is logged, and the published index
says how many it has seen, so the crawl tick knows for sure when the index still holds posts of
a removed blog: counting blogs missed a removal that an addition balanced.
"""

from alembic import op
import sqlalchemy as sa
import outreach.core.models.types


revision = '0023_blog_removal'
down_revision = '0022_forgotten_identity'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blog_removal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('removed_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('blogs', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('index_state') as batch:
        batch.add_column(sa.Column('removals_indexed', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('index_state') as batch:
        batch.drop_column('removals_indexed')
    op.drop_table('blog_removal')
