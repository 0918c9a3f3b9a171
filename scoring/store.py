"""The index on disk: a directory of .npz and .joblib files and a small JSON manifest,
replaced as a whole so that readers never see half an index."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import joblib
import numpy as np
from scipy import sparse

from outreach.core.errors import Refused
from scoring.index import BlogTable, Index, IndexConfig, PostTable
from scoring.windows import Windows

# Raised when an older index would rank differently from a new one: its next refresh
# rebuilds it. 2: posts' tags are indexed, and migration 0008 fixed future post dates.
# 3: words that name topics ("fire", "interest", "show") are no longer stop words, and
# names with digits ("ps5", "mp3") are words.
FORMAT_VERSION = 3
MANIFEST = "manifest.json"


class IndexMissing(Refused, LookupError):
    """There is no usable index in the directory; the message says what to run."""


def save_index(index: Index, directory: Path) -> None:
    """Write the index to `directory`, replacing what was there in one step."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        _write(index, staging)
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
                # Another crawl process put its index there in between (the scheduler and a
                # crawl, or two schedulers): move that one aside too; the last one written wins.
                continue
        for old in olds:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write(index: Index, folder: Path) -> None:
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
        sponsored_share=windows.sponsored_share,
    )
    joblib.dump(
        {
            "vectorizer": index.vectorizer,
            "titles": posts.titles, "urls": posts.urls,
            "names": blogs.names, "homepage_urls": blogs.homepage_urls, "feed_urls": blogs.feed_urls,
            "surface_forms": index.surface_forms,
        },
        folder / "model.joblib",
    )
    manifest = {
        "format_version": FORMAT_VERSION,
        "fitted_at": index.fitted_at.isoformat(),
        "fitted_posts": index.fitted_posts,
        "changed_since_fit": index.changed_since_fit,
        "posts": len(posts),
        "blogs": len(blogs),
        "vocabulary": index.vocabulary_size,
        "config": asdict(index.config),
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


def load_index(directory: Path) -> Index:
    """Read the index saved in `directory`; it is ready to rank, with nothing refitted."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    try:
        arrays = np.load(directory / "arrays.npz")
        model = joblib.load(directory / "model.joblib")
        matrix = sparse.load_npz(directory / "post_matrix.npz").tocsr()
        profiles = sparse.load_npz(directory / "profiles.npz").tocsr()
    except (OSError, ValueError, EOFError) as error:
        raise IndexMissing(f"the index in {directory} is unreadable ({error}): "
                           "run `outreach index --rebuild`") from None
    posts = PostTable(
        matrix=matrix, post_ids=arrays["post_ids"], blog_rows=arrays["blog_rows"],
        published=arrays["published"], comments=arrays["comments"],
        sponsored=arrays["sponsored"], signatures=arrays["signatures"],
        titles=model["titles"], urls=model["urls"],
    )
    blogs = BlogTable(
        blog_ids=arrays["blog_ids"], names=model["names"],
        homepage_urls=model["homepage_urls"], feed_urls=model["feed_urls"],
    )
    windows = Windows(
        rows=arrays["window_rows"], ptr=arrays["window_ptr"], profiles=profiles,
        profile_norms=arrays["profile_norms"],
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
    )


_cache: dict[Path, tuple[float, Index]] = {}
_cache_lock = threading.Lock()


def cached_index(directory: Path) -> Index:
    """The index in `directory`, loaded once per process and again only after it changes."""
    directory = Path(directory).resolve()
    try:
        stamp = (directory / MANIFEST).stat().st_mtime_ns
    except FileNotFoundError:
        read_manifest(directory)  # raises IndexMissing with the message to show
        raise
    with _cache_lock:
        hit = _cache.get(directory)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    index = load_index(directory)
    with _cache_lock:
        _cache[directory] = (stamp, index)
    return index
