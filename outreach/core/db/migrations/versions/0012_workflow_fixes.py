"""relationship status follows the pipeline unless a person set it by hand

Revision ID: 0012_workflow_fixes
Revises: 0011_index_generation
Create Date: 2026-12-04 22:50:00.000000

A blogger's relationship status stayed "New" through pitches, replies, samples and coverage.
It now follows the pipeline (new, pitched, replied, sample_sent, covered: the furthest any
campaign got) unless a person chose it, which `relationship_set_by_hand` records. Statuses
chosen before this revision (anything but new and do_not_contact) count as chosen by hand;
bloggers still "new" get the status their pipeline has earned.
"""

import sqlalchemy as sa
from alembic import op

revision = '0012_workflow_fixes'
down_revision = '0011_index_generation'
branch_labels = None
depends_on = None

# Each step lifts the bloggers it names from any earlier pipeline status, in pipeline order.
EARNED = (
    ("pitched", "SELECT e.blogger_id FROM pipeline_entry e JOIN pitch p ON p.entry_id = e.id"),
    ("replied", "SELECT e.blogger_id FROM pipeline_entry e JOIN reply r ON r.entry_id = e.id"),
    ("sample_sent", "SELECT e.blogger_id FROM pipeline_entry e JOIN sample s ON s.entry_id = e.id "
                    "WHERE s.status IN ('sent', 'received', 'returned')"),
    ("covered", "SELECT e.blogger_id FROM pipeline_entry e JOIN stage s ON s.id = e.stage_id "
                "WHERE s.kind IN ('covered', 'ongoing') UNION SELECT e.blogger_id FROM pipeline_entry e "
                "JOIN coverage c ON c.entry_id = e.id WHERE c.status = 'confirmed'"),
)
ORDER = ("new", "pitched", "replied", "sample_sent", "covered")


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy of the table would break SQLite's search triggers on it.
    op.add_column('blogger', sa.Column('relationship_set_by_hand', sa.Boolean(), server_default=sa.false(),
                                       nullable=False))
    op.execute("UPDATE blogger SET relationship_set_by_hand = TRUE "
               "WHERE relationship_status NOT IN ('new', 'do_not_contact')")
    for position, (status, bloggers) in enumerate(EARNED, start=1):
        earlier = ", ".join(f"'{name}'" for name in ORDER[:position])
        op.execute(f"UPDATE blogger SET relationship_status = '{status}' WHERE relationship_status IN "
                   f"({earlier}) AND relationship_set_by_hand = FALSE AND id IN ({bloggers})")


def downgrade() -> None:
    op.execute("UPDATE blogger SET relationship_status = 'warm' "
               "WHERE relationship_status IN ('pitched', 'replied', 'sample_sent', 'covered')")
    op.drop_column('blogger', 'relationship_set_by_hand')
