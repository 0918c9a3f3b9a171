"""The evidence behind a blogger's rank: matching terms, best posts, activity, engagement."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

import numpy as np

from scoring.calibrate import DORMANT_DAYS
from scoring.index import Index

MATCHED_TERMS = 8
BEST_POSTS = 3


@dataclass
class MatchedPost:
    title: str
    date: str  # ISO 8601, UTC
    url: str
    similarity: float


@dataclass
class Evidence:
    """Everything shown beside a score. Follower counts are deliberately absent."""

    matched_terms: list[dict] = field(default_factory=list)  # {"term", "weight"}
    best_posts: list[MatchedPost] = field(default_factory=list)
    on_topic_share: float = 0.0
    on_topic_posts: int = 0
    recent_posts: int = 0
    last_post_at: str | None = None
    days_since_last_post: int | None = None
    dormant: bool = False
    posts_per_month: float = 0.0
    comments_per_post: float | None = None  # Kaushik's conversation rate
    sponsored_share: float = 0.0  # share of recent posts that disclose sponsorship
    excluded_terms: dict[str, int] = field(default_factory=dict)  # phrase -> posts naming it
    topical_match: float = 0.0
    brief_coverage: float = 0.0  # share of the niche's weight on words the blog uses
    post_coverage: float = 0.0  # mean share of the niche's weight on words a recent post uses
    reference_post_coverage: float = 0.0  # the same for the niche's best posts in the collection
    meaning_match: float = 0.0  # closeness in meaning: 0 the collection's median blog, 1 the closest (calibrate)
    activity_factor: float = 1.0

    def to_dict(self) -> dict:
        return asdict(self)


def matched_terms(index: Index, blog_row: int, query: np.ndarray, limit: int = MATCHED_TERMS) -> list[dict]:
    """The terms that carry the blog's match, each with its share of the match."""
    profile = index.windows.profiles[blog_row]
    contributions = profile.data * query[profile.indices]
    total = float(contributions.sum())
    if total <= 0:
        return []
    terms = index.terms()
    order = np.argsort(-contributions)[:limit]
    return [
        {"term": terms[profile.indices[i]], "weight": round(float(contributions[i]) / total, 3)}
        for i in order
        if contributions[i] > 0
    ]


def best_posts(index: Index, rows: np.ndarray, post_sims: np.ndarray, limit: int = BEST_POSTS) -> list[MatchedPost]:
    """The blog's recent posts most similar to the niche, best first."""
    if len(rows) == 0:
        return []
    sims = post_sims[rows]
    order = np.argsort(-sims, kind="stable")[:limit]
    posts = index.posts
    return [
        MatchedPost(
            title=posts.titles[rows[i]],
            date=iso_date(posts.published[rows[i]]),
            url=posts.urls[rows[i]],
            similarity=round(float(sims[i]), 3),
        )
        for i in order
        if sims[i] > 0
    ]


def activity_evidence(index: Index, blog_row: int, now: float) -> dict:
    """Last post, dormancy, posting rate, comments and sponsorship of one blog."""
    windows = index.windows
    last = float(windows.last_post[blog_row])
    days = None if math.isnan(last) else max(0, int((now - last) // 86_400))
    comments = float(windows.comments_per_post[blog_row])
    return {
        "recent_posts": int(windows.sizes[blog_row]),
        "last_post_at": None if days is None else iso_date(last),
        "days_since_last_post": days,
        "dormant": days is not None and days > DORMANT_DAYS,
        "posts_per_month": round(float(windows.posts_per_month[blog_row]), 1),
        "comments_per_post": None if math.isnan(comments) else round(comments, 1),
        "sponsored_share": round(float(windows.sponsored_share[blog_row]), 3),
    }


def iso_date(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


def plain_summary(score: float, evidence: Evidence) -> str:
    """One line a person reads at a glance: how strong the match is, what about, how often,
    and how recently the blogger wrote."""
    strength = ("Strong match" if score >= 70 else "Clear match" if score >= 50
                else "Some match" if score >= 25 else "Weak match")
    terms = [item["term"] for item in evidence.matched_terms[:3]]
    about = (", ".join(terms[:-1]) + " and " + terms[-1]) if len(terms) > 1 else (terms[0] if terms else "")
    if evidence.recent_posts and not evidence.on_topic_posts:
        # "Writes about week and best in 0 of 10 posts" would claim a subject the posts lack.
        why = f"none of {evidence.recent_posts} recent posts on the subject"
        if about:
            why += f", only the words {about} in passing"
    else:
        why = f"writes about {about}" if about else "little of their writing matches"
        if evidence.recent_posts:
            why += f" in {evidence.on_topic_posts} of {evidence.recent_posts} recent posts"
    days = evidence.days_since_last_post
    if days is None:
        last = "no dated post"
    else:
        ago = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
        last = f"{'dormant: ' if evidence.dormant else ''}last post {ago}"
    return f"{strength} ({round(score)}): {why}; {last}."
