"""Channels and open engagement: what a platform says of a channel (details, followers, the
state of its open API) and each post's shares, likes, views and length, with their source.

Revision ID: 0014_channels_engagement
Revises: 0013_team_workflow
Create Date: 2026-12-04 22:55:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import outreach.core.models.types


revision = '0014_channels_engagement'
down_revision = '0013_team_workflow'
branch_labels = None
depends_on = None

BLOG_COLUMNS = ('details', 'followers', 'followers_read_at', 'api_status', 'api_message', 'api_checked_at',
                'api_next_check_at')
POST_COLUMNS = ('shares', 'likes', 'views', 'duration_seconds', 'engagement_source', 'engagement_read_at')


def upgrade() -> None:
    # Without recreating the tables: the directory's text index has triggers on blog (0006).
    with op.batch_alter_table('blog', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('details', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('followers', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('followers_read_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('api_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('api_message', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('api_checked_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('api_next_check_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))
    with op.batch_alter_table('post', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('shares', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('likes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('views', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('duration_seconds', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('engagement_source', sqlmodel.sql.sqltypes.AutoString(length=100),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('engagement_read_at', outreach.core.models.types.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('post', schema=None, recreate='never') as batch_op:
        for name in reversed(POST_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table('blog', schema=None, recreate='never') as batch_op:
        for name in reversed(BLOG_COLUMNS):
            batch_op.drop_column(name)
