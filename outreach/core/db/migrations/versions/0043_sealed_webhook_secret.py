"""sealed webhook secrets

Revision ID: 0043_sealed_webhook_secret
Revises: 0042_pitch_approval
Create Date: 2026-12-07 10:15:00.000000

A monitor's webhook secret is stored sealed under the mail key when one is set: room for the
sealed form.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0043_sealed_webhook_secret'
down_revision = '0042_pitch_approval'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('monitor') as batch:
        batch.alter_column('webhook_secret', existing_type=sqlmodel.sql.sqltypes.AutoString(length=100),
                           type_=sqlmodel.sql.sqltypes.AutoString(length=300), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('monitor') as batch:
        batch.alter_column('webhook_secret', existing_type=sqlmodel.sql.sqltypes.AutoString(length=300),
                           type_=sqlmodel.sql.sqltypes.AutoString(length=100), existing_nullable=False)
