"""sign-in identities

Revision ID: 0056_sign_in_identities
Revises: 0055_mailbox_rest
Create Date: 2026-12-08 01:40:00.000000

People link a Google or Microsoft account to theirs and sign in with it.
"""

from alembic import op
import sqlalchemy as sa

import outreach.core.models.types


revision = '0056_sign_in_identities'
down_revision = '0055_mailbox_rest'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sign_in_identity',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('provider', sa.String(length=20), nullable=False),
        sa.Column('subject', sa.String(length=600), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('linked_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('provider', 'subject', name='uq_sign_in_identity_subject'),
    )
    op.create_index(op.f('ix_sign_in_identity_user_id'), 'sign_in_identity', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_sign_in_identity_user_id'), table_name='sign_in_identity')
    op.drop_table('sign_in_identity')
