"""sample address requests

Revision ID: 0049_sample_address_requests
Revises: 0048_campaign_avoid_terms
Create Date: 2026-12-07 15:20:00.000000

A private link that asks a blogger for the address a planned sample goes to: its hash, when it was
made, and when the blogger gave the address through it.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel

from outreach.core.models.types import UTCDateTime


revision = '0049_sample_address_requests'
down_revision = '0048_campaign_avoid_terms'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sample', recreate='never') as batch:
        batch.add_column(sa.Column('address_token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('address_asked_at', UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('address_given_at', UTCDateTime(timezone=True), nullable=True))
    op.create_index(op.f('ix_sample_address_token_hash'), 'sample', ['address_token_hash'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_sample_address_token_hash'), table_name='sample')
    with op.batch_alter_table('sample') as batch:
        batch.drop_column('address_given_at')
        batch.drop_column('address_asked_at')
        batch.drop_column('address_token_hash')
