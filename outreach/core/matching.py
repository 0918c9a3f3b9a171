"""Finding brand monitors' terms in text: whole phrases, any case, accents folded, in one pass
over each post for every monitor at once (an Aho-Corasick automaton)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import ahocorasick

_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_SPACE = re.compile(r"\s+")
EXCERPT_RADIUS = 160


def fold(text: str) -> str:
    """Text as terms are compared: accents off, case folded, runs of space made one space."""
    return _SPACE.sub(" ", _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold())


@dataclass
class Found:
    """One monitor's terms found in one text, and where the first one stands in the original."""

    monitor_id: int
    terms: list[str] = field(default_factory=list)  # as the monitor wrote them, in order found
    excerpt: str = ""


@dataclass(frozen=True)
class MonitorTerms:
    """What the matcher needs of a monitor."""

    monitor_id: int
    terms: tuple[str, ...]
    exclusions: tuple[str, ...] = ()


class Matcher:
    """Every active monitor's terms and exclusions, compiled once for many texts."""

    def __init__(self, monitors: list[MonitorTerms]) -> None:
        self.automaton = ahocorasick.Automaton()
        keys: dict[str, list[tuple[int, str, bool]]] = {}
        for monitor in monitors:
            for term in monitor.terms:
                keys.setdefault(fold(term).strip(), []).append((monitor.monitor_id, term, False))
            for phrase in monitor.exclusions:
                keys.setdefault(fold(phrase).strip(), []).append((monitor.monitor_id, phrase, True))
        for key, owners in keys.items():
            if key:
                self.automaton.add_word(key, (len(key), owners))
        self.empty = not len(self.automaton)
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[Found]:
        """The monitors whose terms the text holds, outside their exclusions, as whole phrases."""
        if self.empty or not text:
            return []
        folded = fold(text)
        hits: dict[int, list[tuple[int, int, str]]] = {}
        excluded: dict[int, list[tuple[int, int]]] = {}
        for end, (length, owners) in self.automaton.iter(folded):
            start, stop = end - length + 1, end + 1
            if not _whole(folded, start, stop):
                continue
            for monitor_id, phrase, is_exclusion in owners:
                if is_exclusion:
                    excluded.setdefault(monitor_id, []).append((start, stop))
                else:
                    hits.setdefault(monitor_id, []).append((start, stop, phrase))
        found = []
        for monitor_id, spans in hits.items():
            kept = [span for span in spans if not _inside_any(span, excluded.get(monitor_id, ()))]
            if kept:
                terms = list(dict.fromkeys(phrase for _, _, phrase in kept))
                found.append(Found(monitor_id, terms, excerpt_at(text, kept[0][2])))
        return found


def _whole(folded: str, start: int, stop: int) -> bool:
    """Whether the match stands as whole words: no letter or digit touches either end."""
    before = folded[start - 1] if start > 0 else " "
    after = folded[stop] if stop < len(folded) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


def _inside_any(span: tuple[int, int, str], exclusions) -> bool:
    start, stop = span[0], span[1]
    return any(ex_start <= start and stop <= ex_stop for ex_start, ex_stop in exclusions)


def excerpt_at(text: str, term: str) -> str:
    """The original text around the first whole-phrase occurrence of the term (accents and
    case as written), or its start when the folded match has no plain counterpart."""
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, term.split())) + r"(?!\w)", re.IGNORECASE)
    match = pattern.search(text) or pattern.search(unicodedata.normalize("NFKD", text))
    if match is None:
        return text[: 2 * EXCERPT_RADIUS].strip() + ("…" if len(text) > 2 * EXCERPT_RADIUS else "")
    start, end = max(0, match.start() - EXCERPT_RADIUS), min(len(text), match.end() + EXCERPT_RADIUS)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
