"""a session generation per user, so sign-out and a new password end every session

Revision ID: 0009_session_generation
Revises: 0008
Create Date: 2026-12-04 20:30:00.000000

A signed session cookie, or a "keep me signed in" cookie, copied before sign-out went on
working after it. Every session and remember cookie now carries the user's session
generation, and the app accepts only the current one: sign-out, a password change and an
admin's "sign out everywhere" move it on. Sessions signed before this revision carry none,
so everyone signs in once more.
"""

import sqlalchemy as sa
from alembic import op

revision = '0009_session_generation'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
