"""mailbox weekends

Revision ID: 0038_mailbox_weekends
Revises: 0037_outbox_bounced_at
Create Date: 2026-12-07 07:20:00.000000

A mailbox may send Monday to Friday only (on its zone's calendar); every mailbox sent every day
before, and keeps doing so until someone chooses.
"""

from alembic import op
import sqlalchemy as sa


revision = '0038_mailbox_weekends'
down_revision = '0037_outbox_bounced_at'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mailbox') as batch:
        batch.add_column(sa.Column('send_on_weekends', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('mailbox') as batch:
        batch.drop_column('send_on_weekends')
