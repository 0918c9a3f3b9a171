"""blocked domains

Revision ID: 0036_blocked_domains
Revises: 0035_sealed_two_step_secret
Create Date: 2026-12-07 07:00:00.000000

Domains the team never emails: no email from the app goes to an address at one of them or at
one of its subdomains.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel

from outreach.core.models.types import UTCDateTime


revision = '0036_blocked_domains'
down_revision = '0035_sealed_two_step_secret'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'mail_blocked_domain',
        sa.Column('domain', sqlmodel.sql.sqltypes.AutoString(length=253), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column('added_by_id', sa.Integer(), nullable=True),
        sa.Column('added_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('domain'),
    )


def downgrade() -> None:
    op.drop_table('mail_blocked_domain')
