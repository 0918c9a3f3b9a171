"""custom fields on bloggers

Revision ID: 0045_custom_fields
Revises: 0044_blog_language
Create Date: 2026-12-07 12:30:00.000000

The team's own fields on every blogger's profile (text, a number, or one of a list), and each
blogger's values of them.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel

from outreach.core.models.types import UTCDateTime


revision = '0045_custom_fields'
down_revision = '0044_blog_language'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'custom_field',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('choices', sa.JSON(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'custom_value',
        sa.Column('blogger_id', sa.Integer(), nullable=False),
        sa.Column('field_id', sa.Integer(), nullable=False),
        sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.ForeignKeyConstraint(['blogger_id'], ['blogger.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['field_id'], ['custom_field.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('blogger_id', 'field_id'),
    )
    op.create_index(op.f('ix_custom_value_field_id'), 'custom_value', ['field_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_custom_value_field_id'), table_name='custom_value')
    op.drop_table('custom_value')
    op.drop_table('custom_field')
