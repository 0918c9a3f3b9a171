"""A niche turned into what ranking needs: one query vector in the index's term space
(brief, weighted keywords and seed examples) and the exclusions as term sets."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from outreach.core.niches import NicheSpec
from scoring.index import Index
from scoring.text import clean_text

# How much each part of a niche pulls the query, relative to the brief.
KEYWORD_WEIGHT = 1.0
SEED_WEIGHT = 1.0


@dataclass
class Exclusion:
    """An exclusion phrase and the index columns that must all occur in a post."""

    phrase: str
    columns: np.ndarray


@dataclass
class NicheQuery:
    """The niche in the index's term space."""

    spec: NicheSpec
    vector: np.ndarray  # dense, L2-normalised; all zeros when no word is known
    exclusions: list[Exclusion] = field(default_factory=list)
    unknown_words: list[str] = field(default_factory=list)  # in no indexed post

    @property
    def is_empty(self) -> bool:
        return not self.vector.any()


def build_query(index: Index, spec: NicheSpec) -> NicheQuery:
    """Combine brief, keywords and seeds into one vector, using the fitted vectoriser."""
    size = index.vocabulary_size
    if size == 0:
        return NicheQuery(spec, np.zeros(0, dtype=np.float32), unknown_words=[spec.brief])
    # The brief's words of asking name no topic (outreach.core.niches.REQUEST_WORDS).
    vector = _unit(_vectorise(index, [spec.topic])[0])
    if spec.keywords:
        weighted = sum(
            weight * _unit(row)
            for (_, weight), row in zip(spec.keywords, _vectorise(index, [k for k, _ in spec.keywords]))
        )
        vector = vector + KEYWORD_WEIGHT * _unit(weighted)
    seeds = [text for text in (clean_text(seed) for seed in spec.seed_texts) if text]
    if seeds:
        vector = vector + SEED_WEIGHT * _unit(_vectorise(index, seeds).mean(axis=0))
    exclusions = [_exclusion(index, phrase) for phrase in spec.exclusions]
    exclusions = [item for item in exclusions if item is not None]
    for item in exclusions:
        if len(item.columns) == 1:  # an excluded word must not also attract
            vector[item.columns] = 0.0
    return NicheQuery(spec, _unit(np.maximum(vector, 0.0)), exclusions, _unknown(index, spec))


def _vectorise(index: Index, texts: list[str]) -> np.ndarray:
    return index.vectorizer.transform(texts).toarray().astype(np.float32)


def _unit(vector) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _exclusion(index: Index, phrase: str) -> Exclusion | None:
    vocabulary = index.vectorizer.vocabulary_
    stems = index.vectorizer.analyzer(phrase)
    if not stems or any(stem not in vocabulary for stem in stems):
        return None  # no indexed post can contain it
    return Exclusion(phrase, np.array(sorted({vocabulary[s] for s in stems}), dtype=np.int64))


def _unknown(index: Index, spec: NicheSpec) -> list[str]:
    """Words of the brief and keywords that no indexed post contains."""
    analyzer, vocabulary = index.vectorizer.analyzer, index.vectorizer.vocabulary_
    words = spec.topic.split() + [word for keyword, _ in spec.keywords for word in keyword.split()]
    unknown = []
    for word in words:
        stems = analyzer(word)
        word = word.strip(",.;:!?")
        if stems and all(stem not in vocabulary for stem in stems) and word not in unknown:
            unknown.append(word)
    return unknown
