"""pitch template used

Revision ID: 0029_pitch_template_used
Revises: 0028_weekly_report
Create Date: 2026-12-07 03:10:00.000000

A pitch, and an email on its way, remember the template it was written from, so that managers
see which templates get answers.
"""

from alembic import op
import sqlalchemy as sa


revision = '0029_pitch_template_used'
down_revision = '0028_weekly_report'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('pitch', 'outbox_message'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('template_id', sa.Integer(), nullable=True))
            batch.create_foreign_key(f'fk_{table}_template_id', 'pitch_template', ['template_id'], ['id'],
                                     ondelete='SET NULL')
    with op.batch_alter_table('pitch') as batch:
        batch.create_index('ix_pitch_template_id', ['template_id'])


def downgrade() -> None:
    with op.batch_alter_table('pitch') as batch:
        batch.drop_index('ix_pitch_template_id')
    for table in ('pitch', 'outbox_message'):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f'fk_{table}_template_id', type_='foreignkey')
            batch.drop_column('template_id')
