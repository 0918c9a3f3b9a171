"""reply files

Revision ID: 0050_reply_files
Revises: 0049_sample_address_requests
Create Date: 2026-12-07 15:45:00.000000

The files a blogger's reply carries (a media kit, a rate card, an invoice), kept with the reply.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0050_reply_files'
down_revision = '0049_sample_address_requests'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'reply_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reply_id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['reply_id'], ['reply.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_reply_file_reply_id'), 'reply_file', ['reply_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_reply_file_reply_id'), table_name='reply_file')
    op.drop_table('reply_file')
