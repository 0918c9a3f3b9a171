"""From raw similarities to a 0-100 score that reads the same across niches.

Raw cosine similarities depend on the niche: a long brief with seed posts matches
everything a little, a three-word brief matches few posts strongly. So each niche is
measured against its own yardstick, taken from the collection at query time: the
`REFERENCE_POSTS` posts that match the niche best.

- Topical match (0-1): how well the blog's recent posts, taken together, match the
  niche, as a fraction of `FULL_MATCH` of how well a blog made of those reference posts
  would match.
- Consistency (0-1): the share of the blog's recent posts that are on topic, a post being
  on topic when it is at least `ON_TOPIC_FRACTION` as similar to the niche as the
  reference posts are on average.
- Coverage (0-1): the share of the niche's weight on words the blog's recent posts use at
  all; it enters the score to the power `COVERAGE_POWER`, so it only tempers a match.
- Post coverage (0-1): how much of the niche a recent post of the blog covers on average
  (the share of the niche's weight on words the post uses), as a fraction of `FULL_MATCH`
  of what the reference posts cover; it too enters to the power `COVERAGE_POWER`.
  Coverage asks whether the blog touches the niche's sides at all, post coverage whether
  its posts keep coming back to them.
- Meaning match (0-1): how close the blog's recent posts are to the niche in meaning
  (scoring.semantic: words that share no stem meet there), from 0 for a blog no closer
  than the collection's typical (median) blog to 1 for the closest blog.
- Score = 100 x ((1 - MEANING_WEIGHT) x words + MEANING_WEIGHT x meaning match)
  x activity x exclusions, where words = (0.8 x topical match + 0.2 x consistency)
  x coverage^0.25 x post coverage^0.25.

What 50 means: a blogger with a clear, recurring interest in the niche. Their recent
writing is among the closest to the niche in meaning and, as a whole, matches its words
almost half as closely as a blog made of the collection's 20 best posts on it would
(topical match about 0.6); a good share of their recent posts are on topic and use several
of the niche's words; they posted within the last three months and name no exclusion. On
the BBC benchmark, blogs with every post in the category score a median of 67-80, blogs
with half their posts in it 31-48, and blogs with none 1-3. 80 and above: the topic runs
through nearly all they write. Below 20: the topic is incidental. A dormant blog (no post
for 90 days) loses up to half its score; it is marked, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from scoring.windows import SATURATION, normalise_rows, presence

REFERENCE_POSTS = 20
FULL_MATCH = 0.75  # matching this share of the reference counts as a full match (topic, post coverage)
ON_TOPIC_FRACTION = 0.35
TOPIC_WEIGHT = 0.8  # consistency gets the rest; more measured worse on both benchmarks
# The meaning match's share of the score, fitted by cross-validation across the benchmark
# sets (leave one corpus out: bench/variants.py, bench/HISTORY.md).
MEANING_WEIGHT = 0.5
# The same for "bloggers like this one", where a blog is compared with a blog, not with a
# one-line brief, and meaning weighs more: fitted leave one corpus out (bench/lookalikes.py).
LOOKALIKE_MEANING_WEIGHT = 0.7
DORMANT_DAYS = 90  # no post for this long: marked dormant and ranked down
FULLY_DORMANT_DAYS = 365  # ... reaching the largest penalty here
DORMANT_FLOOR = 0.5  # a dormant blog keeps at least this share of its score
RARE_POSTS_PER_MONTH = 1.0  # below this, a small penalty for rare posting
RARE_FLOOR = 0.9
EXCLUSION_STRENGTH = 0.8  # a blog whose every post names an exclusion loses 80%
# A blog using half the niche's words (by weight) keeps 84% of its score, a quarter 71%.
# 0.2-0.3 measured best on Blog Authorship; 0.5 and more hurt both benchmarks (bench/README).
# Post coverage takes the same power: 0.2-0.35 measured alike there, better on both sets.
COVERAGE_POWER = 0.25


@dataclass(frozen=True)
class Reference:
    """A niche's yardstick in this collection."""

    profile_match: float  # what a blog made of the best-matching posts would get
    post_similarity: float  # mean similarity of the best-matching posts
    post_coverage: float  # mean share of the niche's weight the best-matching posts use


def reference(post_matrix: sparse.csr_matrix, post_sims: np.ndarray, query: np.ndarray,
              post_shares: np.ndarray) -> Reference:
    """Measure the niche against the posts of the collection that match it best."""
    count = min(REFERENCE_POSTS, len(post_sims))
    if count == 0:
        return Reference(0.0, 0.0, 0.0)
    best = np.argpartition(-post_sims, count - 1)[:count]
    profile = normalise_rows(post_matrix[best].mean(axis=0)).toarray()[0] ** SATURATION
    return Reference(float(profile @ query), float(post_sims[best].mean()), float(post_shares[best].mean()))


def topical_match(profile_match: np.ndarray, ref: Reference) -> np.ndarray:
    if ref.profile_match <= 0:
        return np.zeros_like(profile_match)
    return np.clip(profile_match / (FULL_MATCH * ref.profile_match), 0.0, 1.0)


def on_topic(post_sims: np.ndarray, ref: Reference) -> np.ndarray:
    return (post_sims > 0) & (post_sims >= ON_TOPIC_FRACTION * ref.post_similarity)


def activity_factor(days_since_last: np.ndarray, posts_per_month: np.ndarray) -> np.ndarray:
    """1 for a blog that posts at least monthly and did lately; less for dormant or rare."""
    overdue = np.clip((days_since_last - DORMANT_DAYS) / (FULLY_DORMANT_DAYS - DORMANT_DAYS), 0, 1)
    dormancy = 1.0 - (1.0 - DORMANT_FLOOR) * overdue
    rarity = RARE_FLOOR + (1 - RARE_FLOOR) * np.clip(posts_per_month / RARE_POSTS_PER_MONTH, 0, 1)
    return dormancy * rarity


def exclusion_factor(excluded_share: np.ndarray) -> np.ndarray:
    return 1.0 - EXCLUSION_STRENGTH * np.clip(excluded_share, 0, 1)


def brief_coverage(rows: sparse.csr_matrix, query: np.ndarray) -> np.ndarray:
    """Each row's share of the niche's weight on words it uses at all (rows: blog profiles, posts).

    A blogger with a real interest touches several sides of the niche; one who repeats a
    single word of the brief (a diary that mentions the car every day) covers little of it.
    """
    total = float(query.sum())
    if total <= 0:
        return np.zeros(rows.shape[0])
    return np.asarray(presence(rows) @ query).ravel() / total


def post_shares(post_matrix: sparse.csr_matrix, post_sims: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Each post's share of the niche's weight on words it uses.

    A post about the niche uses several of its words; a diary that names one of them in
    passing uses one. Only posts with some match are looked at: the others use none.
    """
    shares = np.zeros(len(post_sims), dtype=np.float32)
    matching = np.flatnonzero(post_sims > 0)
    if len(matching):
        shares[matching] = brief_coverage(post_matrix[matching], query)
    return shares


def post_coverage(mean_shares: np.ndarray, ref: Reference) -> np.ndarray:
    """Each blog's mean post share as a fraction of FULL_MATCH of the reference posts' (0-1)."""
    if ref.post_coverage <= 0:
        return np.zeros_like(mean_shares)
    return np.clip(mean_shares / (FULL_MATCH * ref.post_coverage), 0.0, 1.0)


def coverage_factor(coverage: np.ndarray) -> np.ndarray:
    return np.clip(coverage, 0.0, 1.0) ** COVERAGE_POWER


def meaning_match(similarities: np.ndarray, has_posts: np.ndarray) -> np.ndarray:
    """Each blog's closeness in meaning to the niche, 0 (the typical blog or farther) to 1
    (the closest). Texts of any subject share some meaning, so the yardstick starts at the
    collection's median blog: an unrelated blog gets nothing from it."""
    return closeness(similarities, has_posts)


def closeness(similarities: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Each similarity from 0 (the median of those `among`, or less) to 1 (their largest);
    0 outside `among`."""
    result = np.zeros(len(similarities))
    if not among.any():
        return result
    ranked = similarities[among]
    typical, best = float(np.median(ranked)), float(ranked.max())
    if best <= typical:
        return result
    result[among] = np.clip((ranked - typical) / (best - typical), 0.0, 1.0)
    return result


def calibrated_score(
    topical: np.ndarray, consistency: np.ndarray, activity: np.ndarray, exclusion: np.ndarray,
    coverage: np.ndarray, post_coverage: np.ndarray, meaning: np.ndarray,
) -> np.ndarray:
    """The 0-100 score; see the module docstring for what its values mean."""
    relevance = TOPIC_WEIGHT * topical + (1 - TOPIC_WEIGHT) * consistency
    words = relevance * coverage_factor(coverage) * coverage_factor(post_coverage)
    return np.round(100.0 * ((1 - MEANING_WEIGHT) * words + MEANING_WEIGHT * meaning) * activity * exclusion, 1)
