"""Comma-separated lists of terms, written the same way everywhere: keywords, exclusions,
brand terms, tags."""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def split_terms(value: str | None) -> list[str]:
    """Terms from a comma-separated list: spaces folded, empty ones and repeats (in any case)
    dropped, order kept. 'Northbrew, cold  brew ,, northbrew' -> ['Northbrew', 'cold brew']."""
    seen: dict[str, str] = {}
    for part in (value or "").split(","):
        term = _SPACE.sub(" ", part).strip()
        if term and term.lower() not in seen:
            seen[term.lower()] = term
    return list(seen.values())
