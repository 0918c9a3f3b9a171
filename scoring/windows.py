"""Each blog's window of recent posts, and what is computed over it: the blog's profile (a
saturated centroid) and its activity figures. Plus the sparse helpers both sides share."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

DAY = 86_400.0
MONTH_DAYS = 30.44
# Profiles are blog centroids with every weight raised to this power: one word a blog
# repeats endlessly cannot carry its match alone (measured better than plain centroids).
SATURATION = 0.7


@dataclass
class Windows:
    """Each blog's recent posts (rows of PostTable, newest first) and their aggregates."""

    rows: np.ndarray  # int64, post rows grouped by blog
    ptr: np.ndarray  # int64, blog b's rows are rows[ptr[b]:ptr[b+1]]
    profiles: sparse.csr_matrix  # per blog: L2-normalised mean vector, saturated
    profile_norms: np.ndarray
    meanings: np.ndarray  # float32, per blog: the unit mean of its recent posts' meaning vectors
    post_count: np.ndarray  # all indexed posts of the blog
    last_post: np.ndarray  # float64 epoch seconds, NaN without posts
    posts_per_month: np.ndarray
    comments_per_post: np.ndarray  # NaN where no post has a count
    sponsored_share: np.ndarray

    @property
    def sizes(self) -> np.ndarray:
        return np.diff(self.ptr)


def summarise(posts, n_blogs: int, config) -> Windows:
    """Each blog's window of recent posts (a PostTable's rows, by the IndexConfig's window), its
    centroid and its activity figures."""
    blog_rows = posts.blog_rows.astype(np.int64)
    published = posts.published
    order = np.lexsort((-published, blog_rows))  # by blog, newest first
    sorted_blogs = blog_rows[order]
    starts = np.searchsorted(sorted_blogs, np.arange(n_blogs), "left")
    position = np.arange(len(order)) - starts[sorted_blogs]
    newest = published[order][starts[sorted_blogs]] if len(order) else published
    in_window = (position < config.window_posts) & (
        published[order] >= newest - config.window_days * DAY
    )
    rows = order[in_window]
    row_blogs = sorted_blogs[in_window]
    sizes = np.bincount(row_blogs, minlength=n_blogs)
    ptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)

    profiles = normalise_rows(membership(row_blogs, rows, n_blogs, len(posts)) @ posts.matrix)
    profiles.data **= SATURATION
    profile_norms = np.sqrt(np.asarray(profiles.multiply(profiles).sum(axis=1)).ravel())
    meanings = unit_rows(_sum_by_blog(row_blogs, rows, posts.vectors, n_blogs))

    with np.errstate(invalid="ignore", divide="ignore"):
        last_post = np.full(n_blogs, np.nan)
        has_posts = sizes > 0
        last_post[has_posts] = published[rows[ptr[:-1][has_posts]]]
        oldest = np.full(n_blogs, np.nan)
        oldest[has_posts] = published[rows[ptr[1:][has_posts] - 1]]
        span_months = np.maximum((last_post - oldest) / DAY, MONTH_DAYS) / MONTH_DAYS
        posts_per_month = np.where(has_posts, sizes / span_months, 0.0)
        counts = posts.comments[rows]
        known = ~np.isnan(counts)
        known_per_blog = np.bincount(row_blogs[known], minlength=n_blogs)
        comment_sum = np.bincount(row_blogs[known], weights=counts[known], minlength=n_blogs)
        comments_per_post = np.where(known_per_blog > 0, comment_sum / known_per_blog, np.nan)
        sponsored = np.bincount(row_blogs, weights=posts.sponsored[rows], minlength=n_blogs)
        sponsored_share = np.where(has_posts, sponsored / np.maximum(sizes, 1), 0.0)
    return Windows(
        rows=rows.astype(np.int64),
        ptr=ptr,
        profiles=profiles,
        profile_norms=profile_norms,
        meanings=meanings,
        post_count=np.bincount(blog_rows, minlength=n_blogs),
        last_post=last_post,
        posts_per_month=posts_per_month,
        comments_per_post=comments_per_post,
        sponsored_share=sponsored_share,
    )


def _sum_by_blog(row_blogs: np.ndarray, rows: np.ndarray, vectors: np.ndarray, n_blogs: int) -> np.ndarray:
    """Each blog's sum of the vectors of its rows, float32, a slice of rows at a time (no copy of
    all the rows' vectors, in float32 or at all)."""
    sums = np.zeros((n_blogs, vectors.shape[1]), dtype=np.float32)
    for start in range(0, len(rows), SLICE):
        blogs = row_blogs[start:start + SLICE]
        sums += membership(blogs, np.arange(len(blogs)), n_blogs, len(blogs)) @ \
            vectors[rows[start:start + SLICE]].astype(np.float32)
    return sums


SLICE = 50_000


def membership(blog_rows: np.ndarray, post_rows: np.ndarray, n_blogs: int, n_posts: int) -> sparse.csr_matrix:
    """A blogs x posts matrix with a 1 where the post (row) belongs to the blog (row)."""
    return sparse.csr_matrix((np.ones(len(post_rows), dtype=np.float32), (blog_rows, post_rows)),
                             shape=(n_blogs, n_posts))


def presence(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """1 wherever the matrix holds a weight: which rows use which words (shares its indices)."""
    return sparse.csr_matrix((np.ones_like(matrix.data), matrix.indices, matrix.indptr), shape=matrix.shape)


def unit_rows(matrix) -> np.ndarray:
    """A dense matrix's rows scaled to unit length, float32; zero rows stay zero."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def normalise_rows(matrix) -> sparse.csr_matrix:
    """Rows scaled to unit length; empty rows (and empty matrices) left as they are."""
    matrix = sparse.csr_matrix(matrix, dtype=np.float32)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sparse.csr_matrix(sparse.diags(scale.astype(np.float32)) @ matrix)
