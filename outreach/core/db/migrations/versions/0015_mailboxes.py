"""Mail: connected mailboxes, the outbox, follow-up sequences, hosts allowed without TLS; the
Message-IDs of pitches and replies, replies waiting for an answer, and bouncing addresses.

Revision ID: 0015_mailboxes
Revises: 0014_channels_engagement
Create Date: 2026-12-04 22:35:37.420742
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel
import outreach.core.models.types


revision = '0015_mailboxes'
down_revision = '0014_channels_engagement'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mail_plaintext_host',
    sa.Column('host', sqlmodel.sql.sqltypes.AutoString(length=253), nullable=False),
    sa.Column('allowed_by_id', sa.Integer(), nullable=True),
    sa.Column('allowed_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['allowed_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('host')
    )
    op.create_table('mailbox',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('email_address', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('smtp_host', sqlmodel.sql.sqltypes.AutoString(length=253), nullable=False),
    sa.Column('smtp_port', sa.Integer(), nullable=False),
    sa.Column('smtp_tls', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('imap_host', sqlmodel.sql.sqltypes.AutoString(length=253), nullable=False),
    sa.Column('imap_port', sa.Integer(), nullable=False),
    sa.Column('imap_tls', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('daily_limit', sa.Integer(), nullable=False),
    sa.Column('window_start_hour', sa.Integer(), nullable=False),
    sa.Column('window_end_hour', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('password_encrypted', sa.Text(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('imap_uidvalidity', sa.Integer(), nullable=True),
    sa.Column('imap_last_uid', sa.Integer(), nullable=False),
    sa.Column('last_read_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('next_read_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('created_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('claimed_until', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailbox_owner_id'), ['owner_id'], unique=False)

    op.create_table('sequence_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('delay_days', sa.Integer(), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('campaign_id', 'position', name='uq_sequence_step_position')
    )
    with op.batch_alter_table('sequence_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sequence_step_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mailbox_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('in_reply_to', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('to_address', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('send_after', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('sent_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('pitch_id', sa.Integer(), nullable=True),
    sa.Column('created_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('claimed_until', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entry_id'], ['pipeline_entry.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mailbox_id'], ['mailbox.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pitch_id'], ['pitch.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_id')
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_message_due', ['status', 'send_after'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_mailbox_id'), ['mailbox_id'], unique=False)

    with op.batch_alter_table('contact_detail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failing_since', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failure', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False, server_default=''))

    with op.batch_alter_table('pitch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_pitch_message_id'), ['message_id'], unique=False)

    with op.batch_alter_table('reply', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('from_address', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('answered_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('alerted_at', outreach.core.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('asks_removal', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index(batch_op.f('ix_reply_message_id'), ['message_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reply', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reply_message_id'))
        batch_op.drop_column('asks_removal')
        batch_op.drop_column('alerted_at')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('from_address')
        batch_op.drop_column('message_id')

    with op.batch_alter_table('pitch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pitch_message_id'))
        batch_op.drop_column('message_id')

    with op.batch_alter_table('contact_detail', schema=None) as batch_op:
        batch_op.drop_column('failure')
        batch_op.drop_column('failing_since')

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_mailbox_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_entry_id'))
        batch_op.drop_index('ix_outbox_message_due')

    op.drop_table('outbox_message')
    with op.batch_alter_table('sequence_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sequence_step_campaign_id'))

    op.drop_table('sequence_step')
    with op.batch_alter_table('mailbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailbox_owner_id'))

    op.drop_table('mailbox')
    op.drop_table('mail_plaintext_host')
