"""mailbox signature

Revision ID: 0030_mailbox_signature
Revises: 0029_pitch_template_used
Create Date: 2026-12-07 03:15:00.000000

Each mailbox signs what it sends: the person's name, title and links, written once.
"""

from alembic import op
import sqlalchemy as sa


revision = '0030_mailbox_signature'
down_revision = '0029_pitch_template_used'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mailbox') as batch:
        batch.add_column(sa.Column('signature', sa.Text(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('mailbox') as batch:
        batch.drop_column('signature')
