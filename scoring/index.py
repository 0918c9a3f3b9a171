"""The search index: TF-IDF vectors of every post, fitted on the whole collection, and
per-blog aggregates over each blog's window of recent posts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Iterable

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from outreach.core.models import utcnow
from scoring import semantic
from scoring.records import BlogRecord, PostRecord
from scoring.text import Analyzer, discloses_sponsorship, post_document
from scoring.windows import Windows, membership, normalise_rows, presence, summarise

# Below this many posts, document-frequency cuts would throw away most of the words.
SMALL_COLLECTION = 200


@dataclass(frozen=True)
class IndexConfig:
    """How the index is built: the recent-post window and when to refit."""

    window_posts: int = 50  # at most this many of a blog's newest posts
    window_days: int = 365  # ... written within this many days of its newest post
    refit_share: float = 0.25  # refit when this share of posts changed since the fit
    latent_dims: int = 100  # dimensions of the latent topic space (0: none); see latent_space


@dataclass
class PostTable:
    """One row per indexed post; the matrix rows are L2-normalised TF-IDF vectors."""

    matrix: sparse.csr_matrix
    post_ids: np.ndarray  # int64
    blog_rows: np.ndarray  # int32, row in BlogTable
    published: np.ndarray  # float64, seconds since the epoch
    comments: np.ndarray  # float32, NaN where the feed gives no count
    sponsored: np.ndarray  # bool
    signatures: np.ndarray  # int64, see records.change_signature
    titles: list[str]
    urls: list[str]
    vectors: np.ndarray  # float16, one unit row of meaning per post (scoring.semantic)

    def __len__(self) -> int:
        return len(self.post_ids)


@dataclass
class BlogTable:
    """One row per blog, with or without posts."""

    blog_ids: np.ndarray  # int64
    names: list[str]
    homepage_urls: list[str]
    feed_urls: list[str]

    def __len__(self) -> int:
        return len(self.blog_ids)

    def row_of(self) -> dict[int, int]:
        return {int(blog_id): row for row, blog_id in enumerate(self.blog_ids)}


@dataclass
class Index:
    """Everything ranking needs, loaded once; ranking reads it and never refits it."""

    config: IndexConfig
    vectorizer: TfidfVectorizer | None  # None while the collection has no words
    posts: PostTable
    blogs: BlogTable
    windows: Windows
    fitted_at: datetime
    fitted_posts: int  # posts in the collection when the vectoriser was fitted
    changed_since_fit: int = 0
    surface_forms: dict[str, str] = field(default_factory=dict)  # stem -> word to show
    # Latent topic space: one unit row per dimension, over the index's terms (LSA). None
    # while the collection is too small to factorise.
    latent: np.ndarray | None = None
    # Each token's weight in a text's meaning (scoring.semantic.token_weights), fitted with the
    # vocabulary; None weighs every token alike.
    meaning_weights: np.ndarray | None = None

    @property
    def vocabulary_size(self) -> int:
        return 0 if self.vectorizer is None else len(self.vectorizer.vocabulary_)

    def terms(self) -> list[str]:
        """The index's terms, column by column, as words people recognise."""
        if self._terms is None:
            stems = self.vectorizer.get_feature_names_out() if self.vectorizer else []
            self._terms = [self.surface_forms.get(stem, stem) for stem in stems]
        return self._terms

    _terms: list[str] | None = field(default=None, repr=False, compare=False)


def make_vectorizer(n_documents: int) -> TfidfVectorizer:
    """The TF-IDF settings: stemmed words, sublinear term frequency (BM25-like)."""
    small = n_documents < SMALL_COLLECTION
    return TfidfVectorizer(
        analyzer=Analyzer(),
        sublinear_tf=True,
        min_df=1 if small else 2,
        max_df=1.0 if small else 0.5,
        dtype=np.float32,
    )


def build_index(
    blogs: Iterable[BlogRecord], posts: Iterable[PostRecord], config: IndexConfig | None = None
) -> Index:
    """Fit the vectoriser on every post and compute every blog's aggregates."""
    config = config or IndexConfig()
    blog_table = _blog_table(list(blogs))
    documents, table_rows = _collect(posts, blog_table.row_of())
    vectorizer = make_vectorizer(len(documents))
    try:
        matrix = vectorizer.fit_transform(documents).tocsr()
    except ValueError:  # no words at all: empty collection, or only junk
        vectorizer, matrix = None, sparse.csr_matrix((len(documents), 0), dtype=np.float32)
    else:
        matrix = weigh_by_blogs(vectorizer, matrix, np.array([row[1] for row in table_rows]), len(blog_table))
    surface_forms: dict[str, str] = {}
    if vectorizer is not None:
        vectorizer.stop_words_ = set()  # the pruned terms: large, and never needed again
        forms = vectorizer.analyzer.surface_forms()
        surface_forms = {stem: forms.get(stem, stem) for stem in vectorizer.vocabulary_}
    meaning_weights = semantic.token_weights(semantic.sample(documents)) if documents else None
    post_table = _post_table(matrix, table_rows, semantic.embed(documents, np.float16, meaning_weights))
    return Index(
        meaning_weights=meaning_weights,
        latent=latent_space(matrix, config.latent_dims),
        config=config,
        vectorizer=vectorizer,
        posts=post_table,
        blogs=blog_table,
        windows=summarise(post_table, len(blog_table), config),
        fitted_at=utcnow(),
        fitted_posts=len(post_table),
        surface_forms=surface_forms,
    )


def latent_space(matrix: sparse.csr_matrix, dims: int) -> np.ndarray | None:
    """The collection's main topics (truncated SVD of the post matrix: LSA), fitted with the
    vocabulary. A niche's words are joined by the words that keep their company there
    (niche_query), which helps most when neighbouring niches share words (bench/HISTORY.md)."""
    # Topics need many posts each: a small collection's space would be its posts' noise.
    dims = min(dims, matrix.shape[1] - 1, matrix.shape[0] // POSTS_PER_DIMENSION)
    if dims < MIN_LATENT_DIMS:
        return None
    svd = TruncatedSVD(n_components=dims, n_iter=LATENT_ITERATIONS, random_state=0)
    svd.fit(matrix)
    return svd.components_.astype(np.float32)


POSTS_PER_DIMENSION = 10
MIN_LATENT_DIMS = 5

# Power iterations of the randomised SVD: 5 (scikit-learn's default) gave the same ranking as
# 3 on both benchmarks and cost 40% more of the index build.
LATENT_ITERATIONS = 3


def weigh_by_blogs(vectorizer: TfidfVectorizer, matrix: sparse.csr_matrix, blog_rows: np.ndarray,
                   n_blogs: int) -> sparse.csr_matrix:
    """Count half of each word's IDF over blogs instead of posts (the geometric mean of the two).

    The question is which bloggers keep writing about a topic: a word one blogger uses in
    post after post is rarer among blogs than among posts, and that is the word that tells
    bloggers apart. Measured better on both benchmarks than either IDF alone (bench/README).
    The post vectors are rescaled, not recomputed; the vectoriser keeps the new IDF, so posts
    added later are weighed the same way.
    """
    if n_blogs == 0 or matrix.shape[0] == 0:
        return matrix
    in_blogs = membership(blog_rows, np.arange(len(blog_rows)), n_blogs, matrix.shape[0]) @ presence(matrix)
    blog_df = np.bincount(in_blogs.indices, minlength=matrix.shape[1])  # blogs using each word
    blog_idf = np.log((1 + n_blogs) / (1 + blog_df)) + 1  # scikit-learn's smooth IDF, over blogs
    post_idf = vectorizer.idf_
    idf = np.sqrt(post_idf * blog_idf)
    vectorizer.idf_ = idf
    return normalise_rows(matrix @ sparse.diags((idf / post_idf).astype(np.float32)))


def update_index(
    index: Index, blogs: Iterable[BlogRecord], new_posts: Iterable[PostRecord], drop_post_ids: set[int]
) -> Index:
    """A new index with posts dropped and new ones transformed by the fitted vectoriser."""
    blog_table = _blog_table(list(blogs))
    row_of = blog_table.row_of()
    old = index.posts
    old_blog_ids = index.blogs.blog_ids[old.blog_rows]
    keep = np.array(
        [int(pid) not in drop_post_ids and int(bid) in row_of for pid, bid in zip(old.post_ids, old_blog_ids)],
        dtype=bool,
    )
    documents, rows = _collect(new_posts, row_of)
    if index.vectorizer is None or not documents:
        matrix = sparse.csr_matrix((len(documents), old.matrix.shape[1]), dtype=np.float32)
    else:
        matrix = index.vectorizer.transform(documents).tocsr()
    added = _post_table(matrix, rows, semantic.embed(documents, np.float16, index.meaning_weights))
    kept_rows = np.array([row_of[int(bid)] for bid in old_blog_ids[keep]], dtype=np.int32)
    merged = PostTable(
        matrix=sparse.vstack([old.matrix[keep], added.matrix], format="csr"),
        post_ids=np.concatenate([old.post_ids[keep], added.post_ids]),
        blog_rows=np.concatenate([kept_rows, added.blog_rows]).astype(np.int32),
        published=np.concatenate([old.published[keep], added.published]),
        comments=np.concatenate([old.comments[keep], added.comments]),
        sponsored=np.concatenate([old.sponsored[keep], added.sponsored]),
        signatures=np.concatenate([old.signatures[keep], added.signatures]),
        titles=[t for t, k in zip(old.titles, keep) if k] + added.titles,
        urls=[u for u, k in zip(old.urls, keep) if k] + added.urls,
        vectors=np.concatenate([old.vectors[keep], added.vectors]),
    )
    changed = int((~keep).sum()) + len(added)
    return replace(
        index,
        posts=merged,
        blogs=blog_table,
        windows=summarise(merged, len(blog_table), index.config),
        changed_since_fit=index.changed_since_fit + changed,
    )


def with_outside_blogs(index: Index, blogs: list[BlogRecord], posts: list[PostRecord]) -> Index:
    """The index with blogs that are not in the directory added, as if they were (say, a
    discovered candidate read from its feed): the directory's own blogs and posts unchanged."""
    known = [BlogRecord(int(blog_id), name, homepage, feed) for blog_id, name, homepage, feed in
             zip(index.blogs.blog_ids, index.blogs.names, index.blogs.homepage_urls, index.blogs.feed_urls)]
    return update_index(index, known + blogs, posts, set())


# New posts whose words are this often unknown to the fitted vocabulary bring a topic
# the index cannot see until it is refitted.
MAX_UNKNOWN_SHARE = 0.2


def needs_refit(index: Index, pending_changes: int, new_posts: Iterable[PostRecord] = ()) -> bool:
    """Whether so much changed since the fit that the vocabulary and IDF are stale."""
    if index.vectorizer is None:
        return True
    base = max(index.fitted_posts, 1)
    if (index.changed_since_fit + pending_changes) / base > index.config.refit_share:
        return True
    return unknown_share(index, new_posts) > MAX_UNKNOWN_SHARE


def unknown_share(index: Index, posts: Iterable[PostRecord]) -> float:
    """The share of the posts' terms that the fitted vocabulary does not know."""
    analyzer, vocabulary = index.vectorizer.analyzer, index.vectorizer.vocabulary_
    known = total = 0
    for post in posts:
        terms = analyzer(post_document(post.title, post.text, post.tags))
        total += len(terms)
        known += sum(1 for term in terms if term in vocabulary)
    return 0.0 if total == 0 else 1.0 - known / total


def _blog_table(blogs: list[BlogRecord]) -> BlogTable:
    return BlogTable(
        blog_ids=np.array([b.blog_id for b in blogs], dtype=np.int64),
        names=[b.name for b in blogs],
        homepage_urls=[b.homepage_url for b in blogs],
        feed_urls=[b.feed_url for b in blogs],
    )


def _collect(posts: Iterable[PostRecord], row_of: dict[int, int]) -> tuple[list[str], list[tuple]]:
    """The documents to vectorise and, beside them, the per-post fields the table keeps."""
    documents: list[str] = []
    rows: list[tuple] = []
    for post in posts:
        blog_row = row_of.get(post.blog_id)
        if blog_row is None:  # the blog was removed while we read
            continue
        documents.append(post_document(post.title, post.text, post.tags))
        rows.append((
            post.post_id, blog_row, post.published_at.timestamp(),
            np.nan if post.comment_count is None else float(post.comment_count),
            discloses_sponsorship(post.title, post.text, post.tags), post.signature,
            (post.title or "").strip(), post.url,
        ))
    return documents, rows


def _post_table(matrix: sparse.csr_matrix, rows: list[tuple], vectors: np.ndarray) -> PostTable:
    columns = list(zip(*rows)) if rows else [()] * 8
    return PostTable(
        matrix=matrix.astype(np.float32),
        post_ids=np.array(columns[0], dtype=np.int64),
        blog_rows=np.array(columns[1], dtype=np.int32),
        published=np.array(columns[2], dtype=np.float64),
        comments=np.array(columns[3], dtype=np.float32),
        sponsored=np.array(columns[4], dtype=bool),
        signatures=np.array(columns[5], dtype=np.int64),
        titles=list(columns[6]),
        urls=list(columns[7]),
        vectors=vectors.astype(np.float16, copy=False).reshape(len(rows), semantic.DIMENSIONS),
    )
