"""hook pause

Revision ID: 0052_hook_pause
Revises: 0051_event_hooks
Create Date: 2026-12-07 22:00:00.000000

An event hook may be paused: told of nothing while its receiver is mended, what waits held.
"""

from alembic import op
import sqlalchemy as sa

import outreach.core.models.types


revision = '0052_hook_pause'
down_revision = '0051_event_hooks'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('event_hook', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('event_hook', schema=None) as batch_op:
        batch_op.drop_column('paused_at')
