"""client report

Revision ID: 0032_client_report
Revises: 0031_answers
Create Date: 2026-12-07 03:30:00.000000

A campaign's report may be shared with the brand at a private address, of which only a hash is kept.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0032_client_report'
down_revision = '0031_answers'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('campaign') as batch:
        batch.add_column(sa.Column('share_token_hash', sqlmodel.sql.sqltypes.AutoString(length=64),
                                   server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('campaign') as batch:
        batch.drop_column('share_token_hash')
