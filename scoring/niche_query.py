"""A niche turned into what ranking needs: one query vector in the index's term space
(brief, weighted keywords and seed examples) and the exclusions as term sets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from outreach.core.niches import NicheSpec
from outreach.core.vocabulary import REQUEST_WORDS, STOP_WORDS
from scoring import semantic
from scoring.index import Index
from scoring.text import clean_text

# How much each part of a niche pulls the query, relative to the brief.
KEYWORD_WEIGHT = 1.0
SEED_WEIGHT = 1.0
# The query is mixed with its shadow in the latent topic space (index.latent_space): its
# LATENT_TERMS strongest words, weighted LATENT_WEIGHT against the niche's own words. The
# weight was fitted by cross-validation (bench/variants.py, bench/HISTORY.md).
LATENT_WEIGHT = 0.5
LATENT_TERMS = 100
# A person's verdicts on ranked blogs (Rocchio's relevance feedback): the niche moves toward
# the mean recent writing of the blogs marked a good fit and away from that of those marked
# not a fit, each this much of the niche's own unit vector, in words and in meaning. Chosen
# on the rankings of the blogs nobody had marked yet (bench/feedback.py, bench/HISTORY.md).
GOOD_FIT_WEIGHT = 0.25
POOR_FIT_WEIGHT = 0.25


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
    read_apart: list[str] = field(default_factory=list)  # joined words read as the posts write them: "skincare (skin care)"
    own_vector: np.ndarray | None = None  # the niche's own words, before the latent shadow joined them
    meaning: np.ndarray | None = None  # unit vector of the niche's meaning (scoring.semantic)

    @property
    def is_empty(self) -> bool:
        return not self.vector.any()


def build_query(index: Index, spec: NicheSpec, latent_weight: float = LATENT_WEIGHT) -> NicheQuery:
    """Combine brief, keywords and seeds into one vector, using the fitted vectoriser."""
    size = index.vocabulary_size
    if size == 0:
        return NicheQuery(spec, np.zeros(0, dtype=np.float32), unknown_words=[spec.brief])
    # The brief's words of asking name no topic (outreach.core.niches.REQUEST_WORDS).
    readings = {text: read_words(index, text) for text in [spec.topic, *(keyword for keyword, _ in spec.keywords)]}
    vector = _unit(_vectorise(index, [readings[spec.topic].text])[0])
    if spec.keywords:
        keywords = [readings[keyword].text for keyword, _ in spec.keywords]
        weighted = sum(weight * _unit(row) for (_, weight), row in zip(spec.keywords, _vectorise(index, keywords)))
        vector = vector + KEYWORD_WEIGHT * _unit(weighted)
    seeds = [text for text in (clean_text(seed) for seed in spec.seed_texts) if text]
    if seeds:
        vector = vector + SEED_WEIGHT * _unit(_vectorise(index, seeds).mean(axis=0))
    own = _unit(np.maximum(vector, 0.0))
    meaning = _meaning(spec, seeds, index.meaning_weights)
    vector = with_latent_shadow(index, _unit(vector), latent_weight)
    exclusions = [_exclusion(index, phrase) for phrase in spec.exclusions]
    exclusions = [item for item in exclusions if item is not None]
    vector = _unit(np.maximum(vector, 0.0))
    good, poor = _rows_with_posts(index, spec.good_blog_ids), _rows_with_posts(index, spec.poor_blog_ids)
    if good or poor:
        vector = _leaning(vector, index.windows.profiles, good, poor)
        if meaning is not None and index.windows.meanings is not None:
            meaning = _unit(_leaning(meaning, index.windows.meanings, good, poor, keep_sign=True))
    for item in exclusions:
        if len(item.columns) == 1:  # an excluded word must not also attract, whatever a good fit writes
            vector[item.columns] = 0.0
    apart = list(dict.fromkeys(f"{word} ({first} {second})" for reading in readings.values()
                               for word, first, second in reading.apart))
    return NicheQuery(spec, _unit(np.maximum(vector, 0.0)), exclusions, _unknown(index, readings), apart, own, meaning)


def _rows_with_posts(index: Index, blog_ids: tuple[int, ...]) -> list[int]:
    """The index rows of those blogs that have recent posts (a blog not indexed yet lends nothing)."""
    if not blog_ids:
        return []
    row_of = index.blogs.row_of()
    rows = (row_of.get(int(blog_id)) for blog_id in blog_ids)
    return [row for row in rows if row is not None and index.windows.sizes[row] > 0]


def _leaning(vector: np.ndarray, table, good: list[int], poor: list[int], keep_sign: bool = False) -> np.ndarray:
    """The vector moved toward the good rows' mean and away from the poor rows' (table: one row per blog)."""
    def mean(rows: list[int]) -> np.ndarray:
        return _unit(np.asarray(table[rows].mean(axis=0), dtype=np.float64).ravel())

    moved = vector.astype(np.float64)
    if good:
        moved = moved + GOOD_FIT_WEIGHT * mean(good)
    if poor:
        moved = moved - POOR_FIT_WEIGHT * mean(poor)
    return moved.astype(vector.dtype) if keep_sign else _unit(np.maximum(moved, 0.0)).astype(vector.dtype)


def _meaning(spec: NicheSpec, seeds: list[str], weights: np.ndarray | None) -> np.ndarray:
    """The niche in the space of meaning: brief, keywords and seeds weighted as in the term space."""
    vector = semantic.embed([spec.topic], weights=weights)[0]
    if spec.keywords:
        rows = semantic.embed([keyword for keyword, _ in spec.keywords], weights=weights)
        vector = vector + KEYWORD_WEIGHT * _unit(sum(weight * row for (_, weight), row in zip(spec.keywords, rows)))
    if seeds:
        vector = vector + SEED_WEIGHT * _unit(semantic.embed(seeds, weights=weights).mean(axis=0))
    return _unit(vector)


def with_latent_shadow(index: Index, vector: np.ndarray, weight: float = LATENT_WEIGHT) -> np.ndarray:
    """The query joined by the words that keep its words' company across the collection: its
    projection on the latent topics, taken back onto words (the strongest LATENT_TERMS)."""
    if index.latent is None or weight == 0 or not vector.any():
        return vector
    shadow = np.maximum(index.latent.T @ (index.latent @ vector), 0.0)
    shadow[_request_columns(index)] = 0.0  # words of asking stay out, however often they keep company
    keep = np.argpartition(-shadow, min(LATENT_TERMS, len(shadow) - 1))[:LATENT_TERMS]
    expansion = np.zeros_like(vector)
    expansion[keep] = shadow[keep]
    return (1 - weight) * vector + weight * _unit(expansion)


# Two words written apart, or joined by a hyphen: "skin care", "e-commerce".
_WORD_PAIR = re.compile(r"([^\W\d_]+)[\s-]+(?=([^\W\d_]+))")
_WORD = re.compile(r"[^\W\d_]+")
SPLIT_PART = 3  # the shortest part a joined word is split into
# A joined word is read as two words only where the posts use them together this many times
# more often than chance would have them: "skin" and "care" keep company, "car" and "pet" do not.
SPLIT_AFFINITY = 2.0
MAX_SPLITS_TRIED = 20  # a text's splits looked up in the posts at most: a brief in another language has many


@dataclass
class Reading:
    """A brief (or keyword) as the ranking reads its words against the posts' way of writing them."""

    text: str  # the text, followed by the other way of writing each word that has one
    joined: list[tuple[str, str]]  # pairs written apart that posts write as one word: ("skin", "care")
    apart: list[tuple[str, str, str]]  # words no post writes, that posts write as two: ("skincare", "skin", "care")


def read_words(index: Index, text: str) -> Reading:
    """Where the text writes two words apart (or hyphenated) that posts write as one, the joined
    word joins them ("skin care" also finds "skincare"); where it writes as one word what no post
    does but posts write as two, the two join it ("skincare" finds "skin care")."""
    joined, apart = _joined_pairs(index, text), _split_words(index, text)
    extra = [first + second for first, second in joined] + [f"{first} {second}" for _, first, second in apart]
    return Reading(" ".join([text, *dict.fromkeys(extra)]), joined, apart)


def _joined_pairs(index: Index, text: str) -> list[tuple[str, str]]:
    """The text's pairs of adjacent words that some indexed post writes as one word."""
    vocabulary, analyzer = index.vectorizer.vocabulary_, index.vectorizer.analyzer
    pairs = []
    for first, second in _WORD_PAIR.findall(text):
        if first.lower() in STOP_WORDS or second.lower() in STOP_WORDS:
            continue  # "in sight" is not "insight"
        stems = analyzer(first + second)
        if len(stems) == 1 and stems[0] in vocabulary:
            pairs.append((first, second))
    return pairs


def _split_words(index: Index, text: str) -> list[tuple[str, str, str]]:
    """The text's words that no indexed post writes, split where posts write the two parts
    together: at the split whose parts share the most posts, if they keep company at all."""
    vocabulary, analyzer = index.vectorizer.vocabulary_, index.vectorizer.analyzer
    splits = []  # (word, first, second, first's column, second's column), at most MAX_SPLITS_TRIED
    for word in dict.fromkeys(_WORD.findall(text)):
        stems = analyzer(word)
        if len(word) < 2 * SPLIT_PART or not stems or any(stem in vocabulary for stem in stems):
            continue
        for cut in range(SPLIT_PART, len(word) - SPLIT_PART + 1):
            first, second = word[:cut], word[cut:]
            if first.lower() in STOP_WORDS or second.lower() in STOP_WORDS:
                continue
            columns = [analyzer(part) for part in (first, second)]
            if any(len(stems) != 1 or stems[0] not in vocabulary for stems in columns) or len(splits) >= MAX_SPLITS_TRIED:
                continue
            splits.append((word, first, second, vocabulary[columns[0][0]], vocabulary[columns[1][0]]))
    if not splits:
        return []
    posts_with = _posts_with(index, sorted({column for split in splits for column in split[3:]}))
    best: dict[str, tuple[int, tuple[str, str, str]]] = {}
    for word, first, second, first_column, second_column in splits:
        shared = _shared_posts(index, posts_with[first_column], posts_with[second_column])
        if shared > best.get(word, (0,))[0]:
            best[word] = (shared, (word, first, second))
    return [split for _, split in best.values()]


def _posts_with(index: Index, columns: list[int]) -> dict[int, set[int]]:
    """The rows of the posts that use each column: one pass over the post matrix for them all."""
    matrix = index.posts.matrix[:, columns].tocsc()
    return {column: set(matrix.indices[matrix.indptr[k]:matrix.indptr[k + 1]]) for k, column in enumerate(columns)}


def _shared_posts(index: Index, with_first: set[int], with_second: set[int]) -> int:
    """How many posts use both words, if they do so SPLIT_AFFINITY times more often than chance
    would have them together; else 0."""
    shared = len(with_first & with_second)
    expected = len(with_first) * len(with_second) / max(len(index.posts), 1)
    return shared if shared >= 2 and shared >= SPLIT_AFFINITY * expected else 0


def _request_columns(index: Index) -> np.ndarray:
    """The index columns of the words of asking (outreach.core.vocabulary.REQUEST_WORDS)."""
    vocabulary = index.vectorizer.vocabulary_
    stems = {stem for word in REQUEST_WORDS for stem in index.vectorizer.analyzer(word)}
    return np.array(sorted(vocabulary[stem] for stem in stems if stem in vocabulary), dtype=np.int64)


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


def _unknown(index: Index, readings: dict[str, Reading]) -> list[str]:
    """Words of the brief and keywords that no indexed post contains."""
    analyzer, vocabulary = index.vectorizer.analyzer, index.vectorizer.vocabulary_
    # A word that posts only write joined to its neighbour ("skin" of "skincare"), or only apart
    # ("skincare" as "skin care"), is found.
    found = {word.lower() for reading in readings.values() for pair in reading.joined for word in pair}
    found |= {word.lower() for reading in readings.values() for word, _, _ in reading.apart}
    unknown = []
    for word in (word for text in readings for word in text.split()):
        stems = analyzer(word)
        word = word.strip(",.;:!?")
        if all(part.lower() in found for part in word.split("-")):
            continue
        if stems and all(stem not in vocabulary for stem in stems) and word not in unknown:
            unknown.append(word)
    return unknown
