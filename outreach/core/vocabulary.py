"""Words that name no topic: the stop words dropped from every text, and the words of asking
dropped from a niche's brief."""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# scikit-learn's English stop list (its documentation warns it has known issues) holds
# words that name topics: a brief about "fire safety", "interest rates" or "fashion
# shows" lost its word, and "fire" was dropped where "fires" was kept. These stay words.
TOPIC_WORDS = frozenset({
    "amount", "bill", "bottom", "call", "con", "cry", "describe", "detail", "empty", "fill",
    "fire", "front", "full", "interest", "mill", "move", "name", "part", "serious", "show",
    "side", "sincere", "system", "thick", "thin", "top",
})
# ... and misses common function words: forms of "do" and "have" ("does" would be the stem
# "doe", a deer), "just", "really", and what a split contraction leaves ("didn't" is
# "didn" and "t"). "won" stays: games are won.
FUNCTION_WORDS = frozenset("""
    does did doing having just really
    aren couldn didn doesn don hadn hasn haven isn shouldn wasn weren wouldn ll ve re
""".split())
STOP_WORDS = (ENGLISH_STOP_WORDS | FUNCTION_WORDS) - TOPIC_WORDS

# A brief is a request ("we want bloggers who write honest reviews of trail shoes"), not a
# post: the words of asking name no topic, and a blog that says "bloggers", "write" or
# "honest" is not on topic for it. Only words that almost never name a niche are here;
# a keyword is never filtered, so a niche about writing itself keeps "writing" as a keyword.
REQUEST_WORDS = frozenset("""
    we us our ours i me my want wants wanted wanting looking look seek seeks seeking sought searching
    find finding need needs needed require requires required hire hiring recruit recruiting
    would please ideally preferably
    blogger bloggers blog blogs blogging vlogger vloggers writer writers author authors
    creator creators influencer influencers content
    youtuber youtubers podcaster podcasters streamer streamers instagrammer instagrammers tiktoker tiktokers
    write writes writing wrote written post posts posting posted
    article articles
    honest honestly trusted trustworthy passionate enthusiastic
    review reviews reviewing reviewed reviewer reviewers opinion opinions recommend recommends
    recommendations
    regularly frequently often consistently
    audience audiences readers readership followers following
    partner partners partnership partnerships collaborate collaboration collaborations
    outreach sponsored
    topic topics subject subjects niche niches
""".split())
REQUEST = re.compile(r"\b(?:" + "|".join(sorted(REQUEST_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
# Letters and digits, as the scorer's tokens are.
_TOKEN = re.compile(r"[^\W_]+")


def brief_topic(brief: str) -> str:
    """The brief without its words of asking: the subject the niche is about."""
    return " ".join(REQUEST.sub(" ", brief or "").split())


def asking_words(brief: str) -> list[str]:
    """The brief's words of asking, each once and in lower case: what the ranking leaves out,
    shown beside it so that a person sees why "bloggers" or "honest" matched nothing."""
    return list(dict.fromkeys(word.lower() for word in REQUEST.findall(brief or "")))


def brief_reading(brief: str, unknown_words: list[str], read_apart: list[str] = ()) -> list[str]:
    """How a ranking read the brief, a sentence each: the words of asking it left out, the words
    it read as two because the posts write them so, and the niche's words no crawled post uses
    (the ranking page and `outreach rank` show the same)."""
    sentences = []
    if asked := asking_words(brief):
        sentences.append(f"Left out of the match, as words of asking: {', '.join(asked)}.")
    if read_apart:
        sentences.append(f"Read as two words, as the crawled posts write them: {', '.join(read_apart)}.")
    if unknown_words:
        sentences.append(f"In no crawled post: {', '.join(unknown_words)}.")
    return sentences


def names_a_subject(brief: str) -> bool:
    """Whether the brief, its words of asking and stop words left out, still has a word."""
    return any(len(word) > 1 and not word.isdigit() and word.lower() not in STOP_WORDS
               for word in _TOKEN.findall(brief_topic(brief)))
