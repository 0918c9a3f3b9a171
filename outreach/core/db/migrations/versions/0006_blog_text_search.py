"""trigram text index for the directory's search (SQLite)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 00:30:00.000000

The directory's search looks for text anywhere in a blog's title, address or blogger's
name. On SQLite an FTS5 table with the trigram tokenizer indexes those three columns, one
row per blog (its rowid is the blog's id), and triggers keep it in step with every
change to the blog and blogger tables, whoever makes it. A SQLite built without FTS5 or
the trigram tokenizer (before 3.34) gets no index and keeps scanning, as PostgreSQL does.
"""

import logging

from alembic import op
from sqlalchemy.exc import OperationalError

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

BLOGGER_NAME = "coalesce((SELECT name FROM blogger WHERE blogger.id = new.blogger_id), '')"
TRIGGERS = (
    f"""CREATE TRIGGER blog_search_after_insert AFTER INSERT ON blog BEGIN
        INSERT INTO blog_search (rowid, title, homepage_url, blogger_name)
        VALUES (new.id, new.title, new.homepage_url, {BLOGGER_NAME});
    END""",
    f"""CREATE TRIGGER blog_search_after_update AFTER UPDATE OF title, homepage_url, blogger_id ON blog BEGIN
        UPDATE blog_search SET title = new.title, homepage_url = new.homepage_url,
            blogger_name = {BLOGGER_NAME}
        WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER blog_search_after_delete AFTER DELETE ON blog BEGIN
        DELETE FROM blog_search WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER blog_search_after_blogger_rename AFTER UPDATE OF name ON blogger BEGIN
        UPDATE blog_search SET blogger_name = new.name
        WHERE rowid IN (SELECT id FROM blog WHERE blogger_id = new.id);
    END""",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    try:
        op.execute("CREATE VIRTUAL TABLE blog_search USING fts5(title, homepage_url, blogger_name, "
                   "tokenize = 'trigram')")
    except OperationalError as error:
        log.warning("SQLite has no FTS5 trigram tokenizer (%s): the directory's search will scan", error.orig)
        return
    for trigger in TRIGGERS:
        op.execute(trigger)
    op.execute("""INSERT INTO blog_search (rowid, title, homepage_url, blogger_name)
        SELECT blog.id, blog.title, blog.homepage_url, coalesce(blogger.name, '')
        FROM blog LEFT JOIN blogger ON blogger.id = blog.blogger_id""")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in ("after_insert", "after_update", "after_delete", "after_blogger_rename"):
        op.execute(f"DROP TRIGGER IF EXISTS blog_search_{name}")
    op.execute("DROP TABLE IF EXISTS blog_search")
