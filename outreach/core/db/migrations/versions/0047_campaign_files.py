"""campaign files

Revision ID: 0047_campaign_files
Revises: 0046_deliverables
Create Date: 2026-12-07 14:50:00.000000

Files a campaign's emails attach (a press release, a lookbook), kept in the database, and the
files each email carries, by name after a file is removed.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel

from outreach.core.models.types import UTCDateTime


revision = '0047_campaign_files'
down_revision = '0046_deliverables'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'campaign_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('campaign_id', 'name', name='uq_campaign_file_name'),
    )
    op.create_index(op.f('ix_campaign_file_campaign_id'), 'campaign_file', ['campaign_id'], unique=False)
    op.create_table(
        'outbox_attachment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('outbox_message_id', sa.Integer(), nullable=False),
        sa.Column('file_id', sa.Integer(), nullable=True),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['file_id'], ['campaign_file.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_message.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_outbox_attachment_outbox_message_id'), 'outbox_attachment', ['outbox_message_id'],
                    unique=False)
    op.create_index(op.f('ix_outbox_attachment_file_id'), 'outbox_attachment', ['file_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_outbox_attachment_file_id'), table_name='outbox_attachment')
    op.drop_index(op.f('ix_outbox_attachment_outbox_message_id'), table_name='outbox_attachment')
    op.drop_table('outbox_attachment')
    op.drop_index(op.f('ix_campaign_file_campaign_id'), table_name='campaign_file')
    op.drop_table('campaign_file')
