"""posts dated after they were first read: dated when they were read

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:00:00.000000

The crawler now stores a post dated in the future (a wrong clock, a typo in the year) as
published when it was read. Posts stored by older versions keep such dates, and
the crawler matches known posts by key, so recrawling never fixes them: their blogs look
active for ever and their real posts fall out of the index's window of recent posts. This
gives them the date the crawler would give them now, and their blogs' last post date
from their posts again.
"""

import sqlalchemy as sa
from alembic import op

from outreach.core.models.types import UTCDateTime

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

post = sa.table("post", sa.column("blog_id", sa.Integer), sa.column("published_at", UTCDateTime()),
                sa.column("first_seen_at", UTCDateTime()))
blog = sa.table("blog", sa.column("id", sa.Integer), sa.column("last_post_at", UTCDateTime()))
BATCH = 500


def upgrade() -> None:
    bind = op.get_bind()
    misdated = post.c.published_at > post.c.first_seen_at
    blog_ids = sorted(bind.execute(sa.select(post.c.blog_id).where(misdated).distinct()).scalars())
    if not blog_ids:
        return
    bind.execute(sa.update(post).where(misdated).values(published_at=post.c.first_seen_at))
    newest = sa.select(sa.func.max(post.c.published_at)).where(post.c.blog_id == blog.c.id).scalar_subquery()
    for start in range(0, len(blog_ids), BATCH):
        bind.execute(sa.update(blog).where(blog.c.id.in_(blog_ids[start:start + BATCH])).values(last_post_at=newest))


def downgrade() -> None:
    pass  # the wrong dates are not worth restoring
