"""niche discovery request

Revision ID: 0017_niche_discovery_request
Revises: 0016_mail_send_index
Create Date: 2026-12-06 11:00:00.000000

A person asks on the Discover page (or the API) for the candidate blogs of a niche: the links
in the stored posts of its best-ranked blogs are read at once, and their homepages' blogrolls
by the scheduler's next crawl tick, since the pages fetch nothing themselves. The request
waits here until then.
"""

from alembic import op
import sqlalchemy as sa
import outreach.core.models.types


revision = '0017_niche_discovery_request'
down_revision = '0016_mail_send_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('niche', schema=None) as batch_op:
        batch_op.add_column(sa.Column('discovery_requested_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('niche', schema=None) as batch_op:
        batch_op.drop_column('discovery_requested_at')
