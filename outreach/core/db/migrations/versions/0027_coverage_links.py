"""coverage links

Revision ID: 0027_coverage_links
Revises: 0026_email_choices
Create Date: 2026-12-07 00:45:00.000000

A campaign names its brand's sites; each confirmed coverage post is checked weekly for a link to
one of them, and its owner hears when the link or the page goes.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import outreach.core.models.types


revision = '0027_coverage_links'
down_revision = '0026_email_choices'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('campaign') as batch:
        batch.add_column(sa.Column('brand_sites', sa.JSON(), server_default='[]', nullable=False))
    with op.batch_alter_table('coverage') as batch:
        batch.add_column(sa.Column('link_status', sqlmodel.sql.sqltypes.AutoString(length=20), server_default='',
                                   nullable=False))
        batch.add_column(sa.Column('links_found', sa.JSON(), server_default='[]', nullable=False))
        batch.add_column(sa.Column('link_error', sqlmodel.sql.sqltypes.AutoString(length=500), server_default='',
                                   nullable=False))
        batch.add_column(sa.Column('link_checked_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=100), server_default='',
                                   nullable=False))
        batch.add_column(sa.Column('claimed_until', outreach.core.models.types.UTCDateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('coverage') as batch:
        for column in ('claimed_until', 'claimed_by', 'link_checked_at', 'link_error', 'links_found', 'link_status'):
            batch.drop_column(column)
    with op.batch_alter_table('campaign') as batch:
        batch.drop_column('brand_sites')
