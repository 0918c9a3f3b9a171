"""mailbox sent copies

Revision ID: 0057_mailbox_sent_copies
Revises: 0056_sign_in_identities
Create Date: 2026-12-08 02:00:00.000000

Whether a copy of each email sent from the app goes to the mailbox's Sent folder; not for mailboxes
signed in at Google or Microsoft, whose servers file it themselves.
"""

from alembic import op
import sqlalchemy as sa


revision = '0057_mailbox_sent_copies'
down_revision = '0056_sign_in_identities'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('copy_to_sent', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.execute("UPDATE mailbox SET copy_to_sent = false WHERE oauth_provider <> ''")


def downgrade() -> None:
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.drop_column('copy_to_sent')
