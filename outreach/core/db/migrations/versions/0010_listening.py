"""Listening: brand monitors, mentions, watchers, notifications and webhook deliveries;
and the kind of source (platform) of each blog.

Revision ID: 0010
Revises: 0009_session_generation
Create Date: 2026-12-04 21:08:58.876309
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import outreach.core.models.types


revision = '0010'
down_revision = '0009_session_generation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Without recreating the table: the directory's text index has triggers on it (0006).
    with op.batch_alter_table('blog', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                                      server_default='blog'))
    op.create_table('monitor',
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('exclusions', sa.JSON(), nullable=False),
    sa.Column('webhook_url', sqlmodel.sql.sqltypes.AutoString(length=2048), nullable=False),
    sa.Column('quiet', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('webhook_secret', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('scanned_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2048), nullable=False),
    sa.Column('created_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_user_unread', ['user_id', 'read_at'], unique=False)

    op.create_table('monitor_watcher',
    sa.Column('monitor_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['monitor_id'], ['monitor.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('monitor_id', 'user_id')
    )
    op.create_table('mention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('monitor_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('blog_id', sa.Integer(), nullable=False),
    sa.Column('blogger_id', sa.Integer(), nullable=True),
    sa.Column('matched_terms', sa.JSON(), nullable=False),
    sa.Column('excerpt', sa.Text(), nullable=False),
    sa.Column('published_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('found_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['blog_id'], ['blog.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['blogger_id'], ['blogger.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['monitor_id'], ['monitor.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('monitor_id', 'post_id', name='uq_mention_monitor_post')
    )
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mention_blog_id'), ['blog_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mention_blogger_id'), ['blogger_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mention_found_at'), ['found_at'], unique=False)
        batch_op.create_index('ix_mention_monitor_published', ['monitor_id', 'published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mention_post_id'), ['post_id'], unique=False)

    op.create_table('webhook_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('monitor_id', sa.Integer(), nullable=False),
    sa.Column('mention_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('gave_up_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('claimed_until', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['mention_id'], ['mention.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['monitor_id'], ['monitor.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_delivery_due', ['delivered_at', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_delivery_monitor_id'), ['monitor_id'], unique=False)

    # ### end Alembic commands ###


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_delivery_monitor_id'))
        batch_op.drop_index('ix_webhook_delivery_due')

    op.drop_table('webhook_delivery')
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mention_post_id'))
        batch_op.drop_index('ix_mention_monitor_published')
        batch_op.drop_index(batch_op.f('ix_mention_found_at'))
        batch_op.drop_index(batch_op.f('ix_mention_blogger_id'))
        batch_op.drop_index(batch_op.f('ix_mention_blog_id'))

    op.drop_table('mention')
    op.drop_table('monitor_watcher')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_unread')

    op.drop_table('notification')
    op.drop_table('monitor')
    with op.batch_alter_table('blog', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('platform')
