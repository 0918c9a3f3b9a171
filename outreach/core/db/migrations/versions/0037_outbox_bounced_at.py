"""outbox bounced at

Revision ID: 0037_outbox_bounced_at
Revises: 0036_blocked_domains
Create Date: 2026-12-07 07:10:00.000000

When an email's bounce was read back, for each mailbox's bounce rate. Emails that bounced before
(their error says so) count from when they were sent.
"""

from alembic import op
import sqlalchemy as sa

from outreach.core.models.types import UTCDateTime


revision = '0037_outbox_bounced_at'
down_revision = '0036_blocked_domains'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_message') as batch:
        batch.add_column(sa.Column('bounced_at', UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE outbox_message SET bounced_at = sent_at WHERE last_error LIKE 'Bounced: %'")


def downgrade() -> None:
    with op.batch_alter_table('outbox_message') as batch:
        batch.drop_column('bounced_at')
