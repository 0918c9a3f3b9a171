"""blog language

Revision ID: 0044_blog_language
Revises: 0043_sealed_webhook_secret
Create Date: 2026-12-07 12:10:00.000000

The language a blog writes in, read from its recent posts by the crawl tick; NULL until read, so
the blogs stored before are read by the ticks that follow.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0044_blog_language'
down_revision = '0043_sealed_webhook_secret'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Without recreating the table: the directory's text index has triggers on blog (0006).
    with op.batch_alter_table('blog', recreate='never') as batch:
        batch.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
        batch.create_index(batch.f('ix_blog_language'), ['language'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('blog', recreate='never') as batch:
        batch.drop_index(batch.f('ix_blog_language'))
        batch.drop_column('language')
