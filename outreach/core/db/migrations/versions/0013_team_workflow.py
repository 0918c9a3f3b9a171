"""saved views: a person's named searches of a list page, reopened or shared by link; and
the index the live board's version is read from

Revision ID: 0013_team_workflow
Revises: 0012_workflow_fixes
Create Date: 2026-12-04 22:45:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import outreach.core.models.types

revision = '0013_team_workflow'
down_revision = '0012_workflow_fixes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'saved_view',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('page', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('query', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column('created_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'page', 'name', name='uq_saved_view_user_page_name'),
    )
    with op.batch_alter_table('saved_view', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_view_user_id'), ['user_id'], unique=False)
    op.create_index('ix_entry_campaign_version', 'pipeline_entry', ['campaign_id', 'version'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_entry_campaign_version', table_name='pipeline_entry')
    with op.batch_alter_table('saved_view', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_view_user_id'))
    op.drop_table('saved_view')
