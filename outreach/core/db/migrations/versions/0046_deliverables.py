"""deliverables

Revision ID: 0046_deliverables
Revises: 0045_custom_fields
Create Date: 2026-12-07 12:50:00.000000

What a blogger agreed to publish in a campaign, and by when: planned until it is published as a
coverage post, or cancelled.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel

from outreach.core.models.types import UTCDateTime


revision = '0046_deliverables'
down_revision = '0045_custom_fields'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'deliverable',
        sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('coverage_id', sa.Integer(), nullable=True),
        sa.Column('published_on', sa.Date(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['coverage_id'], ['coverage.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['entry_id'], ['pipeline_entry.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_deliverable_entry_id'), 'deliverable', ['entry_id'], unique=False)
    op.create_index(op.f('ix_deliverable_status'), 'deliverable', ['status'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_deliverable_status'), table_name='deliverable')
    op.drop_index(op.f('ix_deliverable_entry_id'), table_name='deliverable')
    op.drop_table('deliverable')
