"""Texts as vectors of meaning: static token embeddings, mean-pooled (WordLlama's 256-dimension
model, shipped inside the `wordllama` wheel and read from there: no download, no torch).

Words that share no stem still meet here ("gadgets" and "iPhone"), which the TF-IDF side of the
index cannot see. Blended with it, this is what ranked best on every benchmark set (bench/HISTORY.md).
"""

from __future__ import annotations

import importlib.util
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

from scoring.windows import unit_rows

DIMENSIONS = 256
MODEL_FILES = ("weights/l2_supercat_256.safetensors", "tokenizers/l2_supercat_tokenizer_config.json")
# Longer texts are cut: the mean of the first tokens already says what a post is about, and a
# pasted book must not hold up the index.
MAX_CHARS = 20_000
BATCH = 2_000
_lock = threading.Lock()


class SemanticModelMissing(RuntimeError):
    """The `wordllama` package (a dependency) is not installed, or its files are not where expected."""


def _model():
    """(tokenizer, embedding matrix), loaded once per process from the package's own files."""
    with _lock:  # one load, however many threads ask first
        return _load_model()


@lru_cache(maxsize=1)
def _load_model():
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise SemanticModelMissing("the `wordllama` package is not installed: reinstall Outreach")
    folder = Path(next(iter(spec.submodule_search_locations)))
    weights, tokenizer_file = (folder / name for name in MODEL_FILES)
    if not weights.is_file() or not tokenizer_file.is_file():
        raise SemanticModelMissing(f"the `wordllama` package has no {MODEL_FILES[0]}: reinstall Outreach")
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer, load_file(str(weights))["embedding.weight"].astype(np.float32)


def load() -> None:
    """Load the model now, not at the first ranking: a server does it before forking its
    workers, which then share it. Nothing is encoded here: the tokenizer's threads must not
    have run before a fork."""
    _model()


def embed(texts: list[str], dtype=np.float32, weights: np.ndarray | None = None) -> np.ndarray:
    """One unit-length row per text (all zeros for a text with no tokens): the mean of its
    token vectors, each token weighted by `weights` (token_weights; None: all alike).
    float16 halves an index's memory with no change to a ranking."""
    result = np.zeros((len(texts), DIMENSIONS), dtype=dtype)
    if not texts:
        return result
    # The tokenizer is shared between threads: encoding only reads it (its padding and
    # truncation, the state it keeps, are set once when it is loaded).
    tokenizer, table = _model()
    for start in range(0, len(texts), BATCH):
        counts = _token_counts(tokenizer, texts[start:start + BATCH], len(table))
        if weights is not None:
            counts.data *= weights[counts.indices]
        result[start:start + counts.shape[0]] = unit_rows(np.asarray(counts @ table))
    return result


def token_weights(texts: list[str]) -> np.ndarray:
    """Each token's weight a / (a + p), p its frequency in the texts (Arora, Liang and Ma 2017,
    "A simple but tough-to-beat baseline for sentence embeddings", with their a = 1e-3): the
    tokens every text uses weigh little in a text's meaning, the rare ones fully."""
    tokenizer, table = _model()
    frequencies = np.zeros(len(table), dtype=np.float64)
    for start in range(0, len(texts), BATCH):
        frequencies += np.asarray(_token_counts(tokenizer, texts[start:start + BATCH], len(table)).sum(axis=0)).ravel()
    total = frequencies.sum()
    if total == 0:
        return np.ones(len(frequencies), dtype=np.float32)
    return (SIF_A / (SIF_A + frequencies / total)).astype(np.float32)


SIF_A = 1e-3
# Token frequencies are read from at most this many of the collection's texts, evenly spread.
WEIGHT_SAMPLE = 20_000


def sample(texts: list[str], size: int = WEIGHT_SAMPLE) -> list[str]:
    """At most `size` of the texts, evenly spread over the list."""
    step = max(1, len(texts) // size)
    return texts[::step][:size]


def _token_counts(tokenizer, texts: list[str], vocabulary: int) -> sparse.csr_matrix:
    """A texts x tokens matrix of counts (the texts cut at MAX_CHARS)."""
    encoded = tokenizer.encode_batch([text[:MAX_CHARS] for text in texts], add_special_tokens=False)
    lengths = np.array([len(item.ids) for item in encoded], dtype=np.int64)
    ids = np.fromiter((i for item in encoded for i in item.ids), dtype=np.int64, count=int(lengths.sum()))
    np.clip(ids, 0, vocabulary - 1, out=ids)
    return sparse.csr_matrix(
        (np.ones(len(ids), dtype=np.float32), ids, np.concatenate([[0], np.cumsum(lengths)])),
        shape=(len(encoded), vocabulary),
    )
