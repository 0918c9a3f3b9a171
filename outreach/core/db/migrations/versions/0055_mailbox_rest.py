"""mailbox rest

Revision ID: 0055_mailbox_rest
Revises: 0054_mailbox_junk
Create Date: 2026-12-08 01:20:00.000000

A mailbox rests (sends nothing) until a moment when its provider says its sending limit was reached.
"""

from alembic import op
import sqlalchemy as sa

import outreach.core.models.types


revision = '0055_mailbox_rest'
down_revision = '0054_mailbox_junk'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resting_until', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.drop_column('resting_until')
