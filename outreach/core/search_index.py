"""Where the search index is kept, and which database and generation it belongs to.

Each database has a random identity (migration 0011) and a generation number that every
published index raises. A process ranks from the published generation of the database it
talks to; its local copy (`index/` in the instance folder) is only a cache of it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from outreach.core.models import BlogRemoval, IndexState, utcnow


def index_dir(instance_path: str | Path) -> Path:
    """The search index's folder for an instance folder."""
    return Path(instance_path) / "index"


@dataclass(frozen=True)
class IndexIdentity:
    """Which database an index belongs to, and which of its generations."""

    database_id: str
    generation: int  # 0: nothing published yet
    token: str = ""  # random per generation (IndexState.generation_token)


_IDENTITY = select(IndexState.database_id, IndexState.generation, IndexState.generation_token).where(
    IndexState.id == 1)


def index_identity(session: Session) -> IndexIdentity:
    """This database's identity and published generation, read now (made on first use if missing)."""
    row = session.execute(_IDENTITY).first()
    if row is not None:
        return IndexIdentity(*row)
    # The migration writes the row; a database emptied table by table (tests) needs it again.
    # Written in a session of its own, so the caller's pending changes stay theirs to commit.
    with Session(session.get_bind()) as own:
        try:
            own.add(IndexState(id=1, database_id=uuid.uuid4().hex))
            own.commit()
        except IntegrityError:  # another process made it first
            own.rollback()
        row = own.execute(_IDENTITY).one()
    return IndexIdentity(*row)


def record_blog_removal(session: Session, blogs: int) -> None:
    """Log that blogs were deleted, in the caller's transaction: the index must drop their posts."""
    session.add(BlogRemoval(removed_at=utcnow(), blogs=blogs))


def blog_removals(session: Session) -> int:
    """How many deletions of blogs are logged (read before the blogs an index is made from)."""
    return session.execute(select(func.count()).select_from(BlogRemoval)).scalar_one()


def blogs_removed_since_publish(session: Session) -> bool:
    """Whether blogs were deleted since the published index read its blogs (deleted, merged or
    forgotten): their posts must leave the index at the next refresh, crawled or not."""
    state = session.execute(select(IndexState.generation, IndexState.removals_indexed)
                            .where(IndexState.id == 1)).first()
    return state is not None and state.generation > 0 and blog_removals(session) > state.removals_indexed
