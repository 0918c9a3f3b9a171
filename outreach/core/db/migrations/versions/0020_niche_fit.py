"""niche fit

Revision ID: 0020_niche_fit
Revises: 0019_niche_watch_for_blogs
Create Date: 2026-12-06 15:40:00.000000

A person marks a ranked blog a good fit for a niche, or not a fit; the niche's ranking leans
toward what the good fits write and away from what the others do, and hides the others.
"""

from alembic import op
import sqlalchemy as sa
import outreach.core.models.types


revision = '0020_niche_fit'
down_revision = '0019_niche_watch_for_blogs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('niche_fit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('niche_id', sa.Integer(), nullable=False),
    sa.Column('blog_id', sa.Integer(), nullable=False),
    sa.Column('fit', sa.Boolean(), nullable=False),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['niche_id'], ['niche.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['blog_id'], ['blog.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['marked_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('niche_id', 'blog_id', name='uq_niche_fit_blog')
    )
    with op.batch_alter_table('niche_fit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_niche_fit_niche_id'), ['niche_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_niche_fit_blog_id'), ['blog_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('niche_fit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_niche_fit_blog_id'))
        batch_op.drop_index(batch_op.f('ix_niche_fit_niche_id'))
    op.drop_table('niche_fit')
