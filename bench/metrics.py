"""Ranking quality measures: P@k, nDCG@k (graded gains) and average precision."""

from __future__ import annotations

import math
from typing import Sequence

# A graded blog counts as relevant (for P@k and MAP) when at least half its posts are.
RELEVANT = 0.5


def precision_at(ranked_gains: Sequence[float], k: int = 10) -> float:
    return sum(1 for gain in ranked_gains[:k] if gain >= RELEVANT) / k


def ndcg_at(ranked_gains: Sequence[float], all_gains: Sequence[float], k: int = 10) -> float:
    ideal = _dcg(sorted(all_gains, reverse=True)[:k])
    return _dcg(ranked_gains[:k]) / ideal if ideal > 0 else 0.0


def average_precision(ranked_gains: Sequence[float], all_gains: Sequence[float]) -> float:
    relevant = sum(1 for gain in all_gains if gain >= RELEVANT)
    if relevant == 0:
        return 0.0
    hits, total = 0, 0.0
    for position, gain in enumerate(ranked_gains, start=1):
        if gain >= RELEVANT:
            hits += 1
            total += hits / position
    return total / relevant


def _dcg(gains: Sequence[float]) -> float:
    return sum(gain / math.log2(position + 1) for position, gain in enumerate(gains, start=1))


def evaluate(ranked_keys: Sequence[str], gains: dict[str, float], k: int = 10) -> dict[str, float]:
    """P@k, nDCG@k and AP of one ranking; keys missing from the ranking count as last."""
    seen = set(ranked_keys)
    ranked = [gains.get(key, 0.0) for key in ranked_keys] + [g for key, g in gains.items() if key not in seen]
    all_gains = list(gains.values())
    return {
        "P@10": precision_at(ranked, k),
        "nDCG@10": ndcg_at(ranked, all_gains, k),
        "MAP": average_precision(ranked, all_gains),
    }
