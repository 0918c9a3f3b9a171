"""Text as the scorer sees it: cleaned, tokenised, and checked for sponsorship disclosures."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Sequence

import Stemmer
from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS as AMERICAN_SPELLING
from sklearn.feature_extraction.text import strip_accents_unicode

from outreach.core.terms import split_terms
from outreach.core.vocabulary import STOP_WORDS

# Posts longer than this add nothing to a topic estimate but cost memory and time.
MAX_CHARS = 20_000
# Words of 2 to 30 letters and digits that start with a letter: names like "ps5", "mp3"
# and "f1" are kept; numbers, amounts ("5m", "1bn") and times ("10am") never become terms
# (allowing those measured worse on BBC: 0.928 -> 0.925).
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W_]{1,29}\b"
# Words are counted in this many documents, enough to tell which word of a stem is the
# common one; counting every post cost about 7% of the index build's CPU (Blog Authorship).
COUNTED_DOCUMENTS = 5_000

_TOKEN = re.compile(TOKEN_PATTERN)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ufeff]+")
_PLAIN = frozenset("0123456789.,;:!?'\"()-–—’“”/&%$€£#@*+=[]_~|<>")

# How people disclose a paid or gifted post (FTC and ASA guidance, and the hashtags
# bloggers actually use).
_DISCLOSURE = re.compile(
    r"(?<![\w#])#(?:ad|ads|advert|advertisement|sponsored|spon|sp|paidpartnership|"
    r"partner|gifted|affiliate)\b"
    r"|\bsponsored\s+(?:post|by|content|article|review)\b"
    r"|\b(?:post|article|review|video)\s+(?:is|was)\s+sponsored\b"
    r"|\bin\s+(?:paid\s+)?partnership\s+with\b"
    r"|\bpaid\s+partnership\b"
    r"|\baffiliate\s+(?:links?|disclosure|commission|programme|program)\b"
    r"|\bcontains?\s+affiliate\b"
    r"|\b(?:earn|receive)\s+(?:a\s+)?(?:small\s+)?commission\b"
    r"|\b(?:was|were)\s+(?:kindly\s+)?(?:gifted|provided)\s+(?:to\s+me\s+)?(?:by|free)\b"
    r"|\bin\s+exchange\s+for\s+(?:an?\s+)?(?:honest\s+)?review\b"
    r"|\bi\s+was\s+(?:compensated|paid)\b",
    re.IGNORECASE,
)
# Every disclosure holds one of these; checking for them first skips the slow pattern
# on almost every post.
_DISCLOSURE_HINTS = ("#", "sponsor", "partnership", "affiliate", "commission", "gifted",
                     "provided", "exchange for", "compensated", "was paid")
# Tags (feed categories) by which bloggers file a paid or gifted post.
_DISCLOSURE_TAGS = frozenset({
    "ad", "ads", "advert", "advertisement", "advertorial", "sponsored", "sponsored post",
    "sponsored posts", "sponsored content", "sponsorship", "spon", "gifted", "paid partnership",
    "paid post", "affiliate", "affiliate link", "affiliate links",
})
# A post's tags name its topic in the blogger's own words, so they are indexed with it;
# only the first few, so that a cloud of thirty tags cannot outweigh a short post's text.
INDEXED_TAGS = 10


def clean_text(text: str | None) -> str:
    """Text safe to index: control characters and junk bytes removed, whitespace folded."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text[: MAX_CHARS * 2])
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())[:MAX_CHARS]
    # Binary junk, tables of numbers, symbol soup: nothing to learn a topic from.
    sample = text[:1000]
    letters = sum(map(str.isalpha, sample))
    odd = len(sample) - letters - sum(map(str.isspace, sample)) - sum(map(_PLAIN.__contains__, sample))
    if letters < 0.4 * len(sample) or odd > 0.1 * len(sample):
        return ""
    return text


def post_document(title: str | None, text: str | None, tags: Sequence[str] = ()) -> str:
    """The one string indexed for a post: its title, its first tags and its text."""
    head = ". ".join(part for part in (title or "", ", ".join(indexed_tags(tags))) if part.strip())
    return clean_text(f"{head}. {text or ''}" if head else text)


def indexed_tags(tags: Sequence[str]) -> list[str]:
    """The post's first INDEXED_TAGS distinct tags (feed categories), as written."""
    return split_terms(",".join(map(str, tags)))[:INDEXED_TAGS]


def discloses_sponsorship(title: str | None, text: str | None, tags: Sequence[str] = ()) -> bool:
    """Whether a post says it is sponsored, gifted, an ad or carries affiliate links."""
    if any(tag.strip().lstrip("#").strip().lower() in _DISCLOSURE_TAGS for tag in map(str, tags)):
        return True
    for value in (title, text):
        if not value:
            continue
        lowered = value.lower()
        if any(hint in lowered for hint in _DISCLOSURE_HINTS) and _DISCLOSURE.search(value):
            return True
    return False


class Analyzer:
    """Text to index terms: lower case, accents stripped, stop words dropped, spelt the
    American way, stemmed.

    Stemming lets a brief's "hotels" match a post's "hotel"; it measured better than
    plain words on both benchmarks. Each word is stemmed once and remembered.
    British spellings (breame's list of 1,730) become American ones first: Snowball keeps
    "colour" and "color", "theatre" and "theater", "dialling" and "dial" apart, and a brief
    written on one side of the Atlantic must find the bloggers writing on the other.
    """

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._stems: dict[str, str] = {}
        self._counts: Counter[str] = Counter()  # how often each word was seen: what to show
        self._counted = 0  # documents counted so far

    def __call__(self, document: str) -> list[str]:
        stems = self._stems
        terms = []
        tokens = _TOKEN.findall(strip_accents_unicode(document.lower()))
        if self._counted < COUNTED_DOCUMENTS:
            self._counts.update(tokens)
            self._counted += 1
        for token in tokens:
            stem = stems.get(token)
            if stem is None:
                stem = "" if token in STOP_WORDS else self._stemmer.stemWord(AMERICAN_SPELLING.get(token, token))
                stems[token] = stem
            if stem:
                terms.append(stem)
        return terms

    def surface_forms(self) -> dict[str, str]:
        """For each stem, the word seen most often that gave it: what people are shown.

        The most common word, not the shortest: "polit" is shown as "political", not as
        the "polite" that also stems to it, and "hous" as "house", not as a typo.
        """
        counts = self._counts
        forms: dict[str, str] = {}
        best: dict[str, tuple[int, int]] = {}
        for word, stem in self._stems.items():
            rank = (counts[word], -len(word))  # ties: the shorter word
            if stem and (stem not in best or rank > best[stem]):
                forms[stem], best[stem] = word, rank
        return forms

    def __getstate__(self) -> dict:
        return {}  # the word cache is rebuilt on use; the stemmer cannot be pickled

    def __setstate__(self, _state: dict) -> None:
        self.__init__()
