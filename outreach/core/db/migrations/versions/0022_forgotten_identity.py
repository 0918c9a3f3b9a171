"""forgotten identity

Revision ID: 0022_forgotten_identity
Revises: 0021_seed_lease
Create Date: 2026-12-06 21:20:00.000000

A blogger who asks to be forgotten is deleted with everything stored about them; the digests of
their emails and addresses stay, so that no list, discovery or colleague adds them again.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import outreach.core.models.types


revision = '0022_forgotten_identity'
down_revision = '0021_seed_lease'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('forgotten_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('forgotten_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('forgotten_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['forgotten_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('digest')
    )


def downgrade() -> None:
    op.drop_table('forgotten_identity')
