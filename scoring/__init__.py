"""Relevance scoring: rank bloggers for a niche, with evidence. Pure computation: no
Flask, no HTTP. Posts come from the database through a SQLModel session."""

from outreach.core.niches import NicheSpec
from scoring.index import Index, IndexConfig, build_index
from scoring.niche_query import NicheQuery, build_query
from scoring.published import current_index, fetch_index, publish_index
from scoring.rank import (
    Placement,
    RankedBlogger,
    Ranking,
    best_blogs,
    explain_blog,
    place_outside,
    rank_bloggers,
    rank_niche,
    scores_by_blog,
    similar_bloggers,
    unmatched_reason,
)
from scoring.store import IndexMissing, load_index, save_index
from scoring.sync import RefreshReport, build_index_from_db, refresh_index

__all__ = [
    "Index", "IndexConfig", "IndexMissing", "NicheQuery", "NicheSpec", "RankedBlogger", "Ranking",
    "RefreshReport", "build_index", "build_index_from_db", "build_query", "current_index", "fetch_index", "publish_index", "explain_blog", "scores_by_blog",
    "Placement", "load_index", "place_outside", "rank_bloggers", "rank_niche", "refresh_index", "save_index",
    "similar_bloggers", "unmatched_reason", "best_blogs",
]
