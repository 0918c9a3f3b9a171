"""board and follow-up count indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 15:30:00.000000

The board shows each stage's best-scored entries first; an index on (campaign, stage,
score, id) gives each column's first cards without ranking the whole campaign. It
replaces (campaign, stage), which is its prefix. The follow-up count in the menu, on
every page, counts a user's due entries in live campaigns: with campaign_id in the
(owner, follow-up date) index it never reads the rows.
"""

from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pipeline_entry', schema=None) as batch_op:
        batch_op.create_index('ix_entry_campaign_stage_score', ['campaign_id', 'stage_id', 'score', 'id'],
                              unique=False)
        batch_op.drop_index('ix_entry_campaign_stage')
        batch_op.create_index('ix_entry_owner_follow_up_campaign',
                              ['owner_id', 'next_follow_up_on', 'campaign_id'], unique=False)
        batch_op.drop_index('ix_entry_owner_follow_up')


def downgrade() -> None:
    with op.batch_alter_table('pipeline_entry', schema=None) as batch_op:
        batch_op.create_index('ix_entry_campaign_stage', ['campaign_id', 'stage_id'], unique=False)
        batch_op.drop_index('ix_entry_campaign_stage_score')
        batch_op.create_index('ix_entry_owner_follow_up', ['owner_id', 'next_follow_up_on'], unique=False)
        batch_op.drop_index('ix_entry_owner_follow_up_campaign')
