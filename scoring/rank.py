"""THE ranking function, `rank_niche`, used by the CLI, the web pages, the API and the benchmarks."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from outreach.core.models import utcnow
from outreach.core.niches import NicheSpec
from scoring import calibrate
from scoring.evidence import Evidence, activity_evidence, best_posts, matched_terms
from scoring.index import Index, with_outside_blogs
from scoring.niche_query import NicheQuery, build_query
from scoring.records import BlogRecord, PostRecord
from scoring.windows import DAY

NO_BLOGS = "No blogs yet: add some with `outreach blogs add URL`, then run `outreach crawl`."
NO_POSTS = "No posts yet: run `outreach crawl` to read the blogs' feeds, then `outreach index`."


@dataclass
class RankedBlogger:
    """One blog in a ranking, with its score (0-100) and the evidence for it."""

    blog_id: int
    name: str
    url: str
    feed_url: str
    score: float
    evidence: Evidence

    def to_dict(self) -> dict:
        return {
            "blog_id": self.blog_id,
            "name": self.name,
            "url": self.url,
            "feed_url": self.feed_url,
            "score": self.score,
            "evidence": self.evidence.to_dict(),
        }


@dataclass
class Ranking:
    """A ranking, best first, and what a person should know about it."""

    bloggers: list[RankedBlogger] = field(default_factory=list)
    ranked: int = 0  # blogs with posts, all of them scored
    without_posts: int = 0  # blogs not ranked because they have no posts yet
    message: str = ""  # set when nothing could be ranked, saying why
    unknown_words: list[str] = field(default_factory=list)  # the niche's words in no indexed post
    read_apart: list[str] = field(default_factory=list)  # joined words read apart: "skincare (skin care)"

    @property
    def matched_nothing(self) -> bool:
        """Whether nothing ranked because no post uses the brief's words (blogs and posts there are)."""
        return bool(self.message) and self.message not in (NO_BLOGS, NO_POSTS)


@dataclass
class _Scored:
    """Every blog's score for one query, and what the evidence is built from."""

    scores: np.ndarray
    topical: np.ndarray
    consistency: np.ndarray
    on_topic: np.ndarray
    coverage: np.ndarray
    mean_shares: np.ndarray  # per blog: mean share of the niche's weight a recent post uses
    meaning: np.ndarray  # per blog: meaning match, 0-1 (calibrate.meaning_match)
    reference_shares: float  # the same for the niche's best posts in the collection
    activity: np.ndarray
    excluded: np.ndarray
    post_sims: np.ndarray
    candidates: np.ndarray  # rows of blogs with posts, best first
    now_ts: float


def _score_all(index: Index, query: NicheQuery, now: datetime | None) -> _Scored | Ranking:
    """Score every blog (cheap, vectorised); a Ranking with a message when nothing can be."""
    windows = index.windows
    has_posts = windows.sizes > 0
    without_posts = int((~has_posts).sum())
    if len(index.blogs) == 0:
        return Ranking(message=NO_BLOGS)
    if not has_posts.any():
        return Ranking(without_posts=without_posts, message=NO_POSTS)
    if query.is_empty:
        return Ranking(without_posts=without_posts, message=_no_match_message(query))
    post_sims = index.posts.matrix @ query.vector
    if not post_sims.any():
        return Ranking(without_posts=without_posts, message=_no_match_message(query))
    # Coverage is of the niche's own words; the words that keep them company only help match.
    own = query.own_vector if query.own_vector is not None else query.vector
    shares = calibrate.post_shares(index.posts.matrix, post_sims, own)
    ref = calibrate.reference(index.posts.matrix, post_sims, query.vector, shares)
    topical = calibrate.topical_match(windows.profiles @ query.vector, ref)
    on_topic = calibrate.on_topic(post_sims, ref)
    consistency = _mean_per_blog(index, on_topic)
    now_ts = (now or utcnow()).timestamp()
    days_since = np.where(has_posts, (now_ts - np.nan_to_num(windows.last_post)) / DAY, np.inf)
    activity = calibrate.activity_factor(days_since, windows.posts_per_month)
    excluded = _excluded_posts(index, query)
    exclusion = calibrate.exclusion_factor(_mean_per_blog(index, excluded.any(axis=1)))
    coverage = calibrate.brief_coverage(windows.profiles, own)
    mean_shares = _mean_per_blog(index, shares)
    meaning = calibrate.meaning_match(windows.meanings @ query.meaning, has_posts)
    scores = calibrate.calibrated_score(topical, consistency, activity, exclusion, coverage,
                                        calibrate.post_coverage(mean_shares, ref), meaning)
    candidates = np.flatnonzero(has_posts)
    # Best score first; equal scores keep a stable order by the finer raw match.
    order = candidates[np.lexsort((-topical[candidates], -scores[candidates]))]
    return _Scored(scores, topical, consistency, on_topic, coverage, mean_shares, meaning, ref.post_coverage,
                   activity, excluded, post_sims, order, now_ts)


def _with_evidence(index: Index, query: NicheQuery, scored: _Scored, row: int) -> RankedBlogger:
    windows = index.windows
    rows = windows.rows[windows.ptr[row]:windows.ptr[row + 1]]
    evidence = Evidence(
        # The niche's own words the blogger uses; else the related words that ranked them.
        matched_terms=(query.own_vector is not None and matched_terms(index, row, query.own_vector))
        or matched_terms(index, row, query.vector),
        best_posts=best_posts(index, rows, scored.post_sims),
        on_topic_share=round(float(scored.consistency[row]), 3),
        on_topic_posts=int(scored.on_topic[rows].sum()),
        excluded_terms={
            item.phrase: int(scored.excluded[rows, k].sum())
            for k, item in enumerate(query.exclusions)
            if scored.excluded[rows, k].any()
        },
        topical_match=round(float(scored.topical[row]), 3),
        brief_coverage=round(float(scored.coverage[row]), 3),
        post_coverage=round(float(scored.mean_shares[row]), 3),
        reference_post_coverage=round(scored.reference_shares, 3),
        meaning_match=round(float(scored.meaning[row]), 3),
        activity_factor=round(float(scored.activity[row]), 3),
        **activity_evidence(index, row, scored.now_ts),
    )
    return _ranked(index, row, float(scored.scores[row]), evidence)


def rank_bloggers(
    index: Index, query: NicheQuery, top: int | None = None, now: datetime | None = None,
    within: Collection[int] | None = None,
) -> Ranking:
    """rank_niche for a query already built (the profile and the directory reuse one query)."""
    scored = _score_all(index, query, now)
    if isinstance(scored, Ranking):
        return scored
    candidates = scored.candidates
    if within is not None:
        wanted = np.fromiter(within, dtype=index.blogs.blog_ids.dtype, count=len(within))
        candidates = candidates[np.isin(index.blogs.blog_ids[candidates], wanted)]
    order = candidates if top is None else candidates[:top]
    bloggers = [_with_evidence(index, query, scored, row) for row in order]
    without_posts = int((index.windows.sizes == 0).sum())
    return Ranking(bloggers=bloggers, ranked=len(candidates), without_posts=without_posts,
                   unknown_words=query.unknown_words, read_apart=query.read_apart)


def scores_by_blog(index: Index, spec: NicheSpec, now: datetime | None = None) -> dict[int, float]:
    """Every ranked blog's score for the niche, without evidence: for sorting a list, shortlisting."""
    scored = _score_all(index, build_query(index, spec), now)
    if isinstance(scored, Ranking):
        return {}
    return {int(index.blogs.blog_ids[row]): float(scored.scores[row]) for row in scored.candidates}


def explain_blog(index: Index, spec: NicheSpec, blog_id: int,
                 now: datetime | None = None) -> tuple[int, int, RankedBlogger] | None:
    """One blog's place in the niche's ranking (1-based, out of how many) and its evidence."""
    row = index.blogs.row_of().get(int(blog_id))
    query = build_query(index, spec)
    scored = _score_all(index, query, now)
    if row is None or isinstance(scored, Ranking):
        return None
    positions = np.flatnonzero(scored.candidates == row)
    if len(positions) == 0:
        return None
    return int(positions[0]) + 1, len(scored.candidates), _with_evidence(index, query, scored, row)


def rank_niche(index: Index, spec: NicheSpec, top: int | None = None, now: datetime | None = None,
               within: Collection[int] | None = None) -> Ranking:
    """THE ranking: every blog with posts ranked for the niche, best first, with evidence for the top.
    `within` keeps only those blogs (those writing in a chosen language), each scored as among all."""
    return rank_bloggers(index, build_query(index, spec), top=top, now=now, within=within)


def best_blogs(index: Index, spec: NicheSpec, top: int) -> tuple[list[int], str]:
    """The ids of the niche's `top` best-ranked blogs, never one a person marked not a fit for
    it (discovery reads their links: a blog off the subject links off it too); and the
    ranking's message when none ranks."""
    poor = set(spec.poor_blog_ids)
    ranking = rank_niche(index, spec, top=top + len(poor))
    return [row.blog_id for row in ranking.bloggers if row.blog_id not in poor][:top], ranking.message


@dataclass
class Placement:
    """Where a blog outside the directory would stand in a niche's ranking if it were added."""

    score: float  # 0-100, as the ranking scores
    place: int  # 1-based, among the directory's ranked blogs and itself
    of: int  # the directory's ranked blogs, and itself
    terms: list[str] = field(default_factory=list)  # the niche's words its posts use most

    def to_dict(self) -> dict:
        return {"score": self.score, "place": self.place, "of": self.of, "terms": self.terms}


def place_outside(index: Index, outside: dict[int, tuple[BlogRecord, list[PostRecord]]],
                  specs: dict[int, NicheSpec], now: datetime | None = None) -> dict[int, dict[int, Placement]]:
    """Blogs not in the directory (by a key of the caller's: their posts) placed in each niche's
    ranking (by a key of the caller's: its spec), scored by the ranking itself over the index
    with them added. A blog none of whose posts can be read is placed nowhere."""
    if index.vectorizer is None:
        return {}
    keys = list(outside)
    # Ids no directory blog or post has: below zero, each post its own.
    blogs = [outside[key][0]._replace(blog_id=-1 - n) for n, key in enumerate(keys)]
    numbered = [(n, post) for n, key in enumerate(keys) for post in outside[key][1]]
    posts = [post._replace(blog_id=-1 - n, post_id=-1 - m) for m, (n, post) in enumerate(numbered)]
    extended = with_outside_blogs(index, blogs, posts)
    rows = extended.blogs.row_of()
    directory = extended.blogs.blog_ids > 0
    placed: dict[int, dict[int, Placement]] = {}
    for niche_key, spec in specs.items():
        query = build_query(extended, spec)
        scored = _score_all(extended, query, now)
        if isinstance(scored, Ranking):
            continue
        ranked = np.zeros(len(directory), dtype=bool)
        ranked[scored.candidates] = True
        rivals = scored.scores[ranked & directory]
        for n, key in enumerate(keys):
            row = rows[-1 - n]
            if not ranked[row]:
                continue
            score = float(scored.scores[row])
            terms = matched_terms(extended, row, query.own_vector if query.own_vector is not None else query.vector)
            placed.setdefault(key, {})[niche_key] = Placement(
                score, int((rivals > score).sum()) + 1, len(rivals) + 1, [item["term"] for item in terms[:5]])
    return placed


def similar_bloggers(index: Index, blog_id: int, top: int = 10, now: datetime | None = None) -> Ranking:
    """Blogs whose recent writing is most like this blog's, in words and in meaning
    (calibrate.LOOKALIKE_MEANING_WEIGHT), each scaled from the typical blog to the closest."""
    windows = index.windows
    rows = np.flatnonzero(index.blogs.blog_ids == int(blog_id))
    if len(rows) == 0:
        return Ranking(message=f"No blog {blog_id} in the index (blogs added since appear after `outreach index`).")
    row = int(rows[0])
    if windows.sizes[row] == 0 or windows.profile_norms[row] == 0:
        return Ranking(message=f"Blog {blog_id} has no indexed posts to compare yet.")
    profile = windows.profiles[row]
    norms = np.where(windows.profile_norms > 0, windows.profile_norms, np.inf)
    # The blog's profile as a dense unit vector: every blog's cosine with it in one pass over
    # the profiles (a sparse-by-sparse product costs ten times as much).
    vector = np.zeros(windows.profiles.shape[1], dtype=np.float32)
    vector[profile.indices] = profile.data / norms[row]
    word_sims = (windows.profiles @ vector) / norms
    others = windows.sizes > 0
    others[row] = False
    words = calibrate.closeness(word_sims, others)
    meaning = calibrate.closeness(windows.meanings @ windows.meanings[row], others)
    scores = (1 - calibrate.LOOKALIKE_MEANING_WEIGHT) * words + calibrate.LOOKALIKE_MEANING_WEIGHT * meaning
    candidates = np.flatnonzero(others & (scores > 0))
    order = candidates[np.argsort(-scores[candidates], kind="stable")][:top]
    now_ts = (now or utcnow()).timestamp()
    bloggers = [
        _ranked(
            index, other, round(100.0 * float(scores[other]), 1),
            Evidence(matched_terms=matched_terms(index, other, vector), topical_match=round(float(words[other]), 3),
                     meaning_match=round(float(meaning[other]), 3), **activity_evidence(index, other, now_ts)),
        )
        for other in order
    ]
    return Ranking(bloggers=bloggers, ranked=len(candidates))


def _ranked(index: Index, row: int, score: float, evidence: Evidence) -> RankedBlogger:
    blogs = index.blogs
    return RankedBlogger(
        blog_id=int(blogs.blog_ids[row]),
        name=blogs.names[row],
        url=blogs.homepage_urls[row],
        feed_url=blogs.feed_urls[row],
        score=score,
        evidence=evidence,
    )


def _mean_per_blog(index: Index, post_values: np.ndarray) -> np.ndarray:
    """Per blog, the mean over its recent posts (for flags: the share that has it set)."""
    windows = index.windows
    blog_of_row = np.repeat(np.arange(len(windows.sizes)), windows.sizes)
    sums = np.bincount(blog_of_row, weights=post_values[windows.rows], minlength=len(windows.sizes))
    return sums / np.maximum(windows.sizes, 1)


def _excluded_posts(index: Index, query: NicheQuery) -> np.ndarray:
    """For each post and each exclusion, whether the post contains all its words."""
    matrix = index.posts.matrix
    flags = np.zeros((matrix.shape[0], len(query.exclusions)), dtype=bool)
    for k, item in enumerate(query.exclusions):
        present = np.ones(matrix.shape[0], dtype=bool)
        for column in item.columns:
            indicator = np.zeros(matrix.shape[1], dtype=np.float32)
            indicator[column] = 1.0
            present &= (matrix @ indicator) > 0
        flags[:, k] = present
    return flags


def unmatched_reason(index: Index, spec: NicheSpec) -> str:
    """Why no post can match the niche (its words are in no indexed post), or "" when some can."""
    if len(index.posts) == 0:
        return ""  # nothing crawled yet: the ranking says so
    query = build_query(index, spec)
    return _no_match_message(query) if query.is_empty else ""


def _no_match_message(query: NicheQuery) -> str:
    name = query.spec.name
    if query.unknown_words:
        return (f"None of the words of the niche {name!r} occur in any crawled post (not found: "
                f"{', '.join(query.unknown_words[:10])}). Is the brief in the language the blogs write in? "
                "Add keywords or seed examples in the bloggers' own words, or crawl more blogs.")
    return (f"No post matches the niche {name!r}: its brief names no word a post could match. "
            "Add keywords or seed examples that use the words bloggers use.")
