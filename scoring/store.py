"""The index on disk: a directory of .npz files, a pickle and a small JSON manifest naming
the database and generation it belongs to, replaced as a whole so that readers never see
half an index."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
import threading
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import numpy as np
from scipy import sparse

from outreach.core.errors import Refused
from outreach.core.search_index import IndexIdentity
from scoring.index import BlogTable, Index, IndexConfig, PostTable
from scoring.windows import Windows

# Raised when an older index would rank differently from a new one: its next refresh
# rebuilds it. 2: posts' tags are indexed, and migration 0008 fixed future post dates.
# 3: words that name topics ("fire", "interest", "show") are no longer stop words, and
# names with digits ("ps5", "mp3") are words. 4: the manifest names its database and generation,
# and the index carries a latent topic space. 5: posts and blogs carry meaning vectors
# (scoring.semantic), and the latent space is on by default. 6: tokens weighted by their
# frequency in the meaning vectors. 7: function words scikit-learn's list misses ("does",
# "didn", "just") are stop words, and British spellings are read as American ones.
FORMAT_VERSION = 7
MANIFEST = "manifest.json"


class IndexMissing(Refused, LookupError):
    """There is no usable index in the directory; the message says what to run."""


def save_index(index: Index, directory: Path, identity: IndexIdentity | None = None) -> None:
    """Write the index to `directory`, replacing what was there in one step."""
    staging = staging_folder(directory)
    try:
        write_index_files(index, staging, identity)
        replace_folder(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def staging_folder(directory: Path) -> Path:
    """An empty folder beside `directory`, to be moved into its place when complete."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))


def replace_folder(staging: Path, directory: Path) -> None:
    """Move the complete `staging` folder to `directory` in one step, the old one removed."""
    directory = Path(directory)
    olds = []
    for attempt in range(20):
        old = directory.with_name(f".{directory.name}-old-{os.getpid()}-{threading.get_ident()}-{attempt}")
        try:
            os.replace(directory, old)
            olds.append(old)
        except FileNotFoundError:
            pass
        try:
            os.replace(staging, directory)
            break
        except OSError:
            # Another process put its index there in between (the scheduler and a crawl, or
            # two web workers fetching one generation): move that one aside too; the last wins.
            continue
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)


def write_index_files(index: Index, folder: Path, identity: IndexIdentity | None = None) -> None:
    """The index's files in `folder`; the manifest names the database and generation they belong to."""
    posts, blogs, windows = index.posts, index.blogs, index.windows
    sparse.save_npz(folder / "post_matrix.npz", posts.matrix, compressed=False)
    sparse.save_npz(folder / "profiles.npz", windows.profiles, compressed=False)
    np.savez(
        folder / "arrays.npz",
        post_ids=posts.post_ids, blog_rows=posts.blog_rows, published=posts.published,
        comments=posts.comments, sponsored=posts.sponsored, signatures=posts.signatures,
        blog_ids=blogs.blog_ids, profile_norms=windows.profile_norms, window_rows=windows.rows, window_ptr=windows.ptr,
        post_count=windows.post_count, last_post=windows.last_post,
        posts_per_month=windows.posts_per_month, comments_per_post=windows.comments_per_post,
        sponsored_share=windows.sponsored_share, post_vectors=posts.vectors, meanings=windows.meanings,
    )
    # The standard library's C pickler: joblib's pure-Python one took 8 of the 9 s of a
    # publish at 40,000 posts, and as much again to load (a crawl's update in seconds).
    with open(folder / "model.pickle", "wb") as handle:
        pickle.dump({
            "vectorizer": index.vectorizer,
            "titles": posts.titles, "urls": posts.urls,
            "names": blogs.names, "homepage_urls": blogs.homepage_urls, "feed_urls": blogs.feed_urls,
            "surface_forms": index.surface_forms, "latent": index.latent,
            "meaning_weights": index.meaning_weights,
        }, handle, protocol=pickle.HIGHEST_PROTOCOL)
    manifest = {
        "format_version": FORMAT_VERSION,
        "fitted_at": index.fitted_at.isoformat(),
        "fitted_posts": index.fitted_posts,
        "changed_since_fit": index.changed_since_fit,
        "posts": len(posts),
        "blogs": len(blogs),
        "vocabulary": index.vocabulary_size,
        "config": asdict(index.config),
        "database_id": identity.database_id if identity else None,
        "generation": identity.generation if identity else None,
        "generation_token": identity.token if identity else None,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


def read_manifest(directory: Path) -> dict:
    """The manifest of the index in `directory`, or IndexMissing."""
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise IndexMissing(
            f"no index in {directory}: run `outreach index` to build it"
        ) from None
    except (OSError, ValueError) as error:
        raise IndexMissing(f"the index in {directory} is unreadable ({error}): "
                           "run `outreach index --rebuild`") from None
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMissing(f"the index in {directory} is from another version: "
                           "run `outreach index --rebuild`")
    return manifest


def manifest_identity(manifest: dict) -> IndexIdentity | None:
    """The database and generation an index's manifest says it belongs to."""
    if not manifest.get("database_id") or not isinstance(manifest.get("generation"), int):
        return None
    return IndexIdentity(manifest["database_id"], manifest["generation"], manifest.get("generation_token") or "")


def load_index(directory: Path, identity: IndexIdentity | None = None) -> Index:
    """Read the index saved in `directory`; it is ready to rank, with nothing refitted.

    With `identity`, an index of another database or generation is refused (IndexMissing)."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    if identity is not None and manifest_identity(manifest) != identity:
        raise IndexMissing(f"the index in {directory} belongs to another database or generation")
    try:
        arrays = np.load(directory / "arrays.npz")
        with open(directory / "model.pickle", "rb") as handle:
            model = pickle.load(handle)
        matrix = sparse.load_npz(directory / "post_matrix.npz").tocsr()
        profiles = sparse.load_npz(directory / "profiles.npz").tocsr()
    except (OSError, ValueError, EOFError, pickle.UnpicklingError) as error:
        raise IndexMissing(f"the index in {directory} is unreadable ({error}): "
                           "run `outreach index --rebuild`") from None
    posts = PostTable(
        matrix=matrix, post_ids=arrays["post_ids"], blog_rows=arrays["blog_rows"],
        published=arrays["published"], comments=arrays["comments"],
        sponsored=arrays["sponsored"], signatures=arrays["signatures"],
        titles=model["titles"], urls=model["urls"], vectors=arrays["post_vectors"],
    )
    blogs = BlogTable(
        blog_ids=arrays["blog_ids"], names=model["names"],
        homepage_urls=model["homepage_urls"], feed_urls=model["feed_urls"],
    )
    windows = Windows(
        rows=arrays["window_rows"], ptr=arrays["window_ptr"], profiles=profiles,
        profile_norms=arrays["profile_norms"], meanings=arrays["meanings"],
        post_count=arrays["post_count"], last_post=arrays["last_post"],
        posts_per_month=arrays["posts_per_month"],
        comments_per_post=arrays["comments_per_post"], sponsored_share=arrays["sponsored_share"],
    )
    return Index(
        config=IndexConfig(**manifest["config"]),
        vectorizer=model["vectorizer"],
        posts=posts,
        blogs=blogs,
        windows=windows,
        fitted_at=datetime.fromisoformat(manifest["fitted_at"]),
        fitted_posts=manifest["fitted_posts"],
        changed_since_fit=manifest["changed_since_fit"],
        surface_forms=model["surface_forms"],
        latent=model.get("latent"),
        meaning_weights=model.get("meaning_weights"),
    )
