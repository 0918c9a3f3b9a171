"""mail daily limit index

Revision ID: 0016_mail_send_index
Revises: 0015_mailboxes
Create Date: 2026-12-05 23:20:00.000000

Before each send the daily limit counts the mailbox's messages sent since midnight; an index
on (mailbox, sent time) answers that count from the index alone instead of reading every
message the mailbox ever sent. It replaces the index on the mailbox alone, which is its prefix.
"""

from alembic import op


revision = '0016_mail_send_index'
down_revision = '0015_mailboxes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_message_mailbox_sent', ['mailbox_id', 'sent_at'], unique=False)
        batch_op.drop_index('ix_outbox_message_mailbox_id')


def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_message_mailbox_id', ['mailbox_id'], unique=False)
        batch_op.drop_index('ix_outbox_message_mailbox_sent')
