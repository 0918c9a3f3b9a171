"""sealed two-step secret

Revision ID: 0035_sealed_two_step_secret
Revises: 0034_time_zones
Create Date: 2026-12-07 07:00:00.000000

The authenticator app's secret is stored sealed (Fernet under a key drawn from the app's secret
key), which is longer than the bare base32 secret. Secrets stored before stay readable and are
sealed at their next use.
"""

from alembic import op
import sqlmodel


revision = '0035_sealed_two_step_secret'
down_revision = '0034_time_zones'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.alter_column('two_step_secret', type_=sqlmodel.sql.sqltypes.AutoString(length=200),
                           existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), existing_nullable=False,
                           existing_server_default='')


def downgrade() -> None:
    # A sealed secret does not fit the old width: two-step sign-in is turned off for those who had it.
    op.execute("UPDATE user_account SET two_step_secret = '', two_step_last_step = 0, two_step_since = NULL "
               "WHERE length(two_step_secret) > 64")
    with op.batch_alter_table('user_account') as batch:
        batch.alter_column('two_step_secret', type_=sqlmodel.sql.sqltypes.AutoString(length=64),
                           existing_type=sqlmodel.sql.sqltypes.AutoString(length=200), existing_nullable=False,
                           existing_server_default='')
