"""The search index belongs to its database: a random database identity, the published index
generation, and that generation's files in pieces.

Revision ID: 0011_index_generation
Revises: 0010
Create Date: 2026-12-04 22:45:00
"""

import uuid

import sqlalchemy as sa
import sqlmodel
from alembic import op

import outreach.core.models.types

revision = '0011_index_generation'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    state = op.create_table('index_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('database_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('generation_token', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('published_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('posts', sa.Integer(), nullable=False),
    sa.Column('blogs', sa.Integer(), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('index_chunk',
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('generation', 'seq')
    )
    # Each database gets its own identity once; an index built from another database is refused.
    op.bulk_insert(state, [{'id': 1, 'database_id': uuid.uuid4().hex, 'generation': 0, 'generation_token': '', 'posts': 0,
                            'blogs': 0, 'size': 0}])


def downgrade() -> None:
    op.drop_table('index_chunk')
    op.drop_table('index_state')
