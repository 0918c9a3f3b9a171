"""answers

Revision ID: 0031_answers
Revises: 0030_mailbox_signature
Create Date: 2026-12-07 03:30:00.000000

A blogger's message is answered from the app in its own thread: the reply keeps its subject, and
an email on its way says it is an answer (no follow-up sequence, no recent-pitch guard).
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0031_answers'
down_revision = '0030_mailbox_signature'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reply') as batch:
        batch.add_column(sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=500), server_default='', nullable=False))
    with op.batch_alter_table('outbox_message') as batch:
        batch.add_column(sa.Column('is_answer', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('outbox_message') as batch:
        batch.drop_column('is_answer')
    with op.batch_alter_table('reply') as batch:
        batch.drop_column('subject')
