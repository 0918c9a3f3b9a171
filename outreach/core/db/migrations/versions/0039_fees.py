"""fees and a campaign's budget

Revision ID: 0039_fees
Revises: 0038_mailbox_weekends
Create Date: 2026-12-07 09:30:00.000000

Fees agreed with bloggers for paid posts, followed from agreement to payment, and what a
campaign set aside for them.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel

from outreach.core.models.types import UTCDateTime


revision = '0039_fees'
down_revision = '0038_mailbox_weekends'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'fee',
        sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('amount', sa.Numeric(12, 2), nullable=False),
        sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('invoice_reference', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('agreed_on', sa.Date(), nullable=False),
        sa.Column('invoiced_on', sa.Date(), nullable=True),
        sa.Column('paid_on', sa.Date(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['entry_id'], ['pipeline_entry.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_fee_entry_id'), 'fee', ['entry_id'], unique=False)
    op.create_index(op.f('ix_fee_status'), 'fee', ['status'], unique=False)
    with op.batch_alter_table('campaign') as batch:
        batch.add_column(sa.Column('budget', sa.Numeric(12, 2), nullable=True))
        batch.add_column(sa.Column('budget_currency', sqlmodel.sql.sqltypes.AutoString(length=3),
                                   server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('campaign') as batch:
        batch.drop_column('budget_currency')
        batch.drop_column('budget')
    op.drop_index(op.f('ix_fee_status'), table_name='fee')
    op.drop_index(op.f('ix_fee_entry_id'), table_name='fee')
    op.drop_table('fee')
