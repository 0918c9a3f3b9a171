"""The language a blog writes in, read from its posts' text by langid.py's model."""

from __future__ import annotations

from crawlers.language import language_of
from outreach.core.text_language import language_of_text

# One small morning's note, written in each language for these tests.
NOTES = {
    "de": "Heute habe ich endlich den neuen Wasserkocher ausprobiert. Der Kaffee war mild und trotzdem kräftig, "
          "genau wie ich ihn mag.",
    "fr": "Ce matin, j'ai enfin essayé la nouvelle bouilloire. Le café était doux et pourtant corsé, exactement "
          "comme je l'aime.",
    "es": "Esta mañana por fin probé la nueva tetera. El café salió suave y a la vez intenso, justo como me gusta.",
    "it": "Stamattina ho finalmente provato il nuovo bollitore. Il caffè era morbido ma deciso, proprio come piace "
          "a me.",
    "nl": "Vanochtend heb ik eindelijk de nieuwe waterkoker geprobeerd. De koffie was zacht en toch krachtig, "
          "precies zoals ik hem lekker vind.",
    "pl": "Dziś rano w końcu wypróbowałam nowy czajnik. Kawa była łagodna, a jednocześnie mocna, dokładnie taka, "
          "jaką lubię.",
    "en": "This morning I finally tried the new kettle. The coffee came out mild and yet full-bodied, just the way "
          "I like it.",
}


def test_each_language_is_read_from_a_few_sentences():
    assert {code: language_of_text(text) for code, text in NOTES.items()} == {code: code for code in NOTES}


def test_too_little_text_says_nothing():
    for text in ("", "Northbrew kettle review", "<p></p>", "12345 67890 " * 20, "🙂" * 200):
        assert language_of_text(text) == "", text


def test_a_blog_writes_in_the_language_of_most_of_its_posts():
    assert language_of([NOTES["de"], NOTES["en"], NOTES["de"], "ok"]) == "de"
    assert language_of([NOTES["fr"], NOTES["en"]]) == "fr"  # a tie goes to the newest
    assert language_of(["", "A caption."]) == ""
    # An account's short posts, too short one by one, say it together.
    toots = ["Kaffee am Morgen, wie immer.", "Neue Bohnen aus Hamburg sind da!", "Heute regnet es schon wieder.",
             "Wer kommt am Samstag mit zum Markt?"]
    assert [language_of_text(toot) for toot in toots] == [""] * 4 and language_of(toots) == "de"
