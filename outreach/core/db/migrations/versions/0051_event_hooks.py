"""event hooks

Revision ID: 0051_event_hooks
Revises: 0050_reply_files
Create Date: 2026-12-07 18:00:00.000000

The team's hooks, told of pipeline events (a reply, a move, coverage, an email sent); their
deliveries share the monitors' queue, so a delivery names its monitor or its hook, its event, and
the blogger it tells of (forgetting them takes what waits).
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel

import outreach.core.models.types


revision = '0051_event_hooks'
down_revision = '0050_reply_files'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'event_hook',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('webhook_url', sqlmodel.sql.sqltypes.AutoString(length=2048), nullable=False),
        sa.Column('webhook_secret', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('events', sa.JSON(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hook_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('blogger_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('event', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False,
                                      server_default='mention.found'))
        batch_op.alter_column('monitor_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_webhook_delivery_hook_id'), ['hook_id'], unique=False)
        batch_op.create_foreign_key('fk_webhook_delivery_hook_id_event_hook', 'event_hook', ['hook_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_webhook_delivery_blogger_id'), ['blogger_id'], unique=False)
        batch_op.create_foreign_key('fk_webhook_delivery_blogger_id_blogger', 'blogger', ['blogger_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade() -> None:
    op.execute("DELETE FROM webhook_delivery WHERE monitor_id IS NULL")
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.drop_constraint('fk_webhook_delivery_blogger_id_blogger', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_webhook_delivery_blogger_id'))
        batch_op.drop_column('blogger_id')
        batch_op.drop_constraint('fk_webhook_delivery_hook_id_event_hook', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_webhook_delivery_hook_id'))
        batch_op.alter_column('monitor_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('event')
        batch_op.drop_column('hook_id')
    op.drop_table('event_hook')
