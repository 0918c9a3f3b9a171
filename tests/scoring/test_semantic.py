"""Meaning vectors: WordLlama's static embeddings read from its wheel, and what they add to a ranking."""

from __future__ import annotations

import threading
from datetime import timedelta

import numpy as np
import pytest

from scoring import NicheSpec, build_index_from_db, rank_niche
from scoring.calibrate import MEANING_WEIGHT
from scoring.semantic import DIMENSIONS, embed
from tests.factories import NOW

GADGET_POSTS = [
    "Unboxing the new iPhone: the camera bump, the battery after a week, and whether the USB-C port charges faster.",
    "My laptop died, so I tested three Chromebooks and an old ThinkPad for a month of work and travel.",
    "Noise-cancelling headphones compared on a long flight: Sony, Bose and the cheap pair from the airport shop.",
    "Smartwatch or fitness band? Two weeks wearing both, the apps, the notifications and the charging cable.",
    "Android tablet for the kids: parental controls, screen brightness and which cases survive a fall.",
    "The e-reader I keep in my bag, its screen in sunlight, and why I stopped reading on my phone.",
]


def test_texts_about_one_subject_are_closer_than_texts_about_another():
    running, marathon, mortgage, empty = embed([
        "trail running shoes for muddy races",
        "marathon training plan with long runs and tempo intervals",
        "fixed rate mortgage, interest and the monthly repayment",
        "",
    ])
    assert running @ marathon > running @ mortgage + 0.1
    assert np.linalg.norm(running) == pytest.approx(1.0, abs=1e-5)
    assert not empty.any()  # no tokens, no meaning
    assert embed([]).shape == (0, DIMENSIONS)


def test_a_blog_about_the_niche_in_other_words_is_ranked_by_its_meaning(background):
    """No gadget post says "gadgets" or "electronics": the words differ, the meaning does not.
    (A cook names "electronics" once, so that the niche's words are in the collection at all.)"""
    reviewer = background.blog("Device Diary", [])
    for number, text in enumerate(GADGET_POSTS):
        background.post(reviewer, None, NOW - timedelta(days=1 + 3 * number), title=f"Post {number}", text=text)
    cook = background.blog("Cook", ["cooking"] * 5)
    background.post(cook, "cooking", NOW - timedelta(days=2), text="bread dough, oven and the electronics of my scale")
    background.session.commit()
    index = build_index_from_db(background.session)
    ranking = rank_niche(index, NicheSpec("Gadgets", "consumer electronics and gadgets"), now=NOW)
    found = {b.name: b for b in ranking.bloggers}
    diary = found["Device Diary"]
    assert diary.evidence.brief_coverage == 0.0 and diary.evidence.on_topic_posts == 0  # no word in common
    assert diary.evidence.meaning_match == 1.0  # the closest in meaning
    assert diary.score == pytest.approx(100 * MEANING_WEIGHT, abs=2)  # the meaning's share of the score
    assert all(b.score < diary.score / 2 for b in ranking.bloggers if b.name.startswith("Other"))


def test_threads_embedding_at_once_get_what_one_thread_gets():
    """A web worker's threads rank while another embeds a crawl's posts: one shared tokenizer."""
    texts = [f"trail running shoes, pair number {number}, and marathon training" for number in range(3000)]
    alone = embed(texts)
    results = {}
    threads = [threading.Thread(target=lambda k=k: results.__setitem__(k, embed(texts))) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3 and all(np.array_equal(alone, vectors) for vectors in results.values())
