"""The index in its database: every refresh publishes a new generation of the index's files
into the database it was built from, and every process (web workers, crawl workers, on any
host) ranks from the newest generation, fetching it once into its own instance folder.

The files hold a pickled vectoriser: whoever can write the database can already change
every ranking, and the instance folder's copy has always been trusted the same way.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
import threading
import uuid
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from outreach.core.models import IndexChunk, IndexState, utcnow
from outreach.core.search_index import IndexIdentity, blog_removals, index_identity
from scoring.index import Index
from scoring.store import (
    MANIFEST,
    IndexMissing,
    load_index,
    manifest_identity,
    read_manifest,
    replace_folder,
    staging_folder,
    write_index_files,
)

CHUNK_BYTES = 8 * 1024 * 1024  # a piece of the files per row: large rows, little overhead
NOT_BUILT = ("No index has been built from this database yet: run `outreach index` "
             "(every crawl builds or updates it too).")


class GenerationGone(IndexMissing):
    """The generation asked for was deleted: newer ones were published meanwhile."""


class IndexSuperseded(RuntimeError):
    """Another process published a generation after the one this index was made from:
    publishing it would drop that generation's changes."""


def publish_index(session: Session, index: Index, directory: Path, based_on: int | None = None,
                  removals_seen: int | None = None) -> IndexIdentity:
    """Publish the index as the database's next generation, keep it in `directory`; commits.

    The generation is raised under the state row's lock, so two crawl workers publishing at
    once get two generations, the later one current; the previous generation's pieces stay
    for readers still fetching them (unless it holds blogs deleted since), older ones are
    deleted. With `based_on` (the generation
    the index was made from, 0 for none), the index is published only if that generation is
    still the newest, else IndexSuperseded is raised and nothing is written. `removals_seen`
    is blog_removals() as read before the index's blogs were (read now when not given).
    """
    index_identity(session)  # the state row exists before it is locked
    if removals_seen is None:
        removals_seen = blog_removals(session)
    previous_removals = session.execute(select(IndexState.removals_indexed).where(IndexState.id == 1)).scalar() or 0
    staging = staging_folder(directory)
    try:
        token = uuid.uuid4().hex
        raise_generation = update(IndexState).where(IndexState.id == 1)
        if based_on is not None:
            raise_generation = raise_generation.where(IndexState.generation == based_on)
        row = session.execute(
            raise_generation.values(generation=IndexState.generation + 1, generation_token=token)
            .returning(IndexState.database_id, IndexState.generation)).first()
        if row is None:
            raise IndexSuperseded(f"generation {based_on} of the index is no longer the newest")
        database_id, generation = row
        identity = IndexIdentity(database_id, generation, token)
        write_index_files(index, staging, identity)
        size = _store_pieces(session, generation, staging)
        session.execute(update(IndexState).where(IndexState.id == 1).values(
            published_at=utcnow(), posts=len(index.posts), blogs=len(index.blogs), size=size,
            removals_indexed=removals_seen))
        # A generation that still holds blogs deleted since (deleted, merged, or forgotten at their
        # request) is not kept for readers: one still fetching it starts again from this one.
        kept_from = generation if removals_seen > previous_removals else generation - 1
        session.execute(delete(IndexChunk).where(IndexChunk.generation < kept_from))
        session.commit()
        replace_folder(staging, directory)
    except BaseException:
        session.rollback()
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return identity


def _store_pieces(session: Session, generation: int, folder: Path) -> int:
    """The folder's files as one tar stream, stored in CHUNK_BYTES pieces; its size in bytes."""
    size = 0
    with tempfile.TemporaryFile() as packed:
        with tarfile.open(fileobj=packed, mode="w") as tar:
            for path in sorted(folder.iterdir()):
                tar.add(path, arcname=path.name)
        packed.seek(0)
        for seq, piece in enumerate(iter(lambda: packed.read(CHUNK_BYTES), b"")):
            session.execute(insert(IndexChunk).values(generation=generation, seq=seq, data=piece))
            size += len(piece)
    return size


def fetch_index(session: Session, identity: IndexIdentity, directory: Path) -> None:
    """Copy a published generation's files from the database into `directory`."""
    staging = staging_folder(directory)
    try:
        with tempfile.TemporaryFile(dir=staging) as packed:
            pieces = session.execute(
                select(IndexChunk.data).where(IndexChunk.generation == identity.generation)
                .order_by(IndexChunk.seq).execution_options(yield_per=1)).scalars()
            received = 0
            for piece in pieces:
                packed.write(piece)
                received += 1
            if not received:
                raise GenerationGone(f"generation {identity.generation} of the index is gone: try again")
            packed.seek(0)
            files = staging / "files"
            with tarfile.open(fileobj=packed, mode="r") as tar:
                tar.extractall(files, filter="data")
        if manifest_identity(read_manifest(files)) != identity:
            raise IndexMissing("the published index does not name this database: run `outreach index --rebuild`")
        replace_folder(files, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


_cache: dict[Path, tuple[IndexIdentity, int, Index]] = {}
_cache_lock = threading.Lock()


def current_index(session: Session, directory: Path) -> Index:
    """The database's newest published index, kept in memory until a newer one is published:
    what every ranking reads (web workers, the CLI, the demo)."""
    identity = index_identity(session)
    directory = Path(directory).resolve()
    with _cache_lock:
        hit = _cache.get(directory)
    if hit is not None and hit[:2] == (identity, _stamp(directory)):
        return hit[2]
    index = published_index(session, directory, identity)
    with _cache_lock:
        _cache[directory] = (identity, _stamp(directory), index)
    return index


def published_index(session: Session, directory: Path, identity: IndexIdentity | None = None) -> Index:
    """The database's newest published index, read now and not kept: the local copy in
    `directory` if it is that generation of this database, else fetched from the database.
    A refresh starts from it, so a crawl worker does not hold an index between crawls."""
    identity = identity or index_identity(session)
    if identity.generation == 0:
        raise IndexMissing(NOT_BUILT)
    try:
        return load_index(directory, identity)
    except IndexMissing:  # another database's index, an older generation or version, or none
        pass
    try:
        fetch_index(session, identity, directory)
    except GenerationGone:  # two newer generations were published while we looked: the newest
        identity = index_identity(session)
        fetch_index(session, identity, directory)
    return load_index(directory, identity)


def _stamp(directory: Path) -> int:
    """When the local copy last changed: a copy replaced or damaged by hand is read again."""
    try:
        return (directory / MANIFEST).stat().st_mtime_ns
    except OSError:
        return -1
