"""two-step sign-in

Revision ID: 0024_two_step
Revises: 0023_blog_removal
Create Date: 2026-12-07 00:40:00.000000

A person may add a second step to signing in: a code from an authenticator app (TOTP), or one of
ten recovery codes kept as hashes.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import outreach.core.models.types


revision = '0024_two_step'
down_revision = '0023_blog_removal'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('two_step_secret', sqlmodel.sql.sqltypes.AutoString(length=64),
                                   server_default='', nullable=False))
        batch.add_column(sa.Column('two_step_last_step', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('two_step_since', outreach.core.models.types.UTCDateTime(timezone=True),
                                   nullable=True))
    op.create_table('recovery_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('used_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_code_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_code_user_id'))
    op.drop_table('recovery_code')
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('two_step_since')
        batch.drop_column('two_step_last_step')
        batch.drop_column('two_step_secret')
