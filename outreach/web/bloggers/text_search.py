"""The directory's text search: a blog's title, address or blogger's name containing the text.

On SQLite the text is looked up in `blog_search`, an FTS5 table with the trigram
tokenizer that triggers keep in step with the blog and blogger tables (migration 0006).
Without it, a search read every row: on 50,000 blogs, a search matching a few dozen took
about 150 ms, since it walked the whole sort index to fill a page. Elsewhere, and for
text shorter than a trigram, the search is a case-blind LIKE on the three columns.
"""

from __future__ import annotations

import weakref

from sqlalchemy import column, literal_column, or_, select, table
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection, Engine

from outreach.core.db.schema import TEXT_INDEX_TABLE
from outreach.core.models import Blog, Blogger

# The trigram index finds substrings of three characters or more; shorter text scans.
SHORTEST_INDEXED = 3

search_rows = table(TEXT_INDEX_TABLE, column("rowid"))
_index_present: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def has_text_index(connection: Connection) -> bool:
    """Whether this database has the trigram index (SQLite with FTS5, migrated); asked once."""
    engine = connection.engine
    if engine not in _index_present:
        _index_present[engine] = connection.dialect.name == "sqlite" and connection.execute(
            sql_text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
            {"name": TEXT_INDEX_TABLE},
        ).first() is not None
    return _index_present[engine]


def uses_text_index(connection: Connection, text: str) -> bool:
    """Whether a search for this text is looked up in the index rather than scanned."""
    return len(text) >= SHORTEST_INDEXED and has_text_index(connection)


def phrase_match(text: str):
    """The index's condition for the text as one phrase: every character taken literally."""
    phrase = '"' + text.replace('"', '""') + '"'
    return literal_column(TEXT_INDEX_TABLE).op("MATCH")(phrase)


def matching_blog_ids(text: str):
    """The ids of the blogs whose indexed columns contain the text, from the index alone."""
    return select(search_rows.c.rowid).where(phrase_match(text))


def join_matches(statement, text: str):
    """The statement narrowed to matching blogs, read from the index first.

    For a search with few matches: the page sorts just those.
    """
    return statement.join(search_rows, search_rows.c.rowid == Blog.id).where(phrase_match(text))


def filter_matches_in_sort_order(statement, text: str):
    """The statement narrowed to matching blogs, in the order of the sort's own index.

    For a search with many matches: walking the sort's index fills a page after a few
    rows, where sorting every match would read them all. `Blog.id + 0` keeps SQLite from
    looking blogs up by id, which is the plan it otherwise picks.
    """
    return statement.where((Blog.id + 0).in_(matching_blog_ids(text)))


def like_any_column(text: str):
    """The condition without the index: any of the three columns contains the text."""
    pattern = f"%{escape_like(text)}%"
    return or_(
        Blog.title.ilike(pattern, escape="\\"),
        Blog.homepage_url.ilike(pattern, escape="\\"),
        Blogger.name.ilike(pattern, escape="\\"),
    )


def escape_like(text: str) -> str:
    """Make % and _ in a search match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
