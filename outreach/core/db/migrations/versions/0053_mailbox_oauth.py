"""mailbox oauth

Revision ID: 0053_mailbox_oauth
Revises: 0052_hook_pause
Create Date: 2026-12-08 00:40:00.000000

A mailbox may sign in through its provider (Google, Microsoft) with OAuth 2.0: which provider, and
the access token in use with when it runs out (the refresh token is kept where a password is); and
since when its logins are refused, so that its owner is told once.
"""

from alembic import op
import sqlalchemy as sa

import outreach.core.models.types


revision = '0053_mailbox_oauth'
down_revision = '0052_hook_pause'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('oauth_provider', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('oauth_access_encrypted', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('oauth_access_expires_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('login_refused_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.drop_column('login_refused_at')
        batch_op.drop_column('oauth_access_expires_at')
        batch_op.drop_column('oauth_access_encrypted')
        batch_op.drop_column('oauth_provider')
