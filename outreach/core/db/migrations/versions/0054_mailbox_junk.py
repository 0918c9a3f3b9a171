"""mailbox junk

Revision ID: 0054_mailbox_junk
Revises: 0053_mailbox_oauth
Create Date: 2026-12-08 01:00:00.000000

A mailbox's Junk folder is read too: its name, where reading stopped there, and when it was read.
A folder's UIDVALIDITY is a 32-bit unsigned number: on PostgreSQL it needs a BIGINT (SQLite's INTEGER
holds it already).
"""

from alembic import op
import sqlalchemy as sa

import outreach.core.models.types


revision = '0054_mailbox_junk'
down_revision = '0053_mailbox_oauth'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('junk_folder', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('junk_uidvalidity', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                                      nullable=True))
        batch_op.add_column(sa.Column('junk_last_uid', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('junk_read_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column('mailbox', 'imap_uidvalidity', type_=sa.BigInteger(), existing_nullable=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column('mailbox', 'imap_uidvalidity', type_=sa.Integer(), existing_nullable=True)
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.drop_column('junk_read_at')
        batch_op.drop_column('junk_last_uid')
        batch_op.drop_column('junk_uidvalidity')
        batch_op.drop_column('junk_folder')
