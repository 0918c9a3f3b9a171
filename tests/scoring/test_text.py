"""Cleaning, tokenising and sponsorship detection."""

from __future__ import annotations

import pytest

from scoring.text import INDEXED_TAGS, Analyzer, clean_text, discloses_sponsorship, post_document, split_terms


@pytest.mark.parametrize("text", [
    "Thanks to Acme for sending these shoes. #ad",
    "This post is sponsored by Acme.",
    "Made in partnership with Acme Outdoors",
    "This post contains affiliate links: I may earn a small commission.",
    "#Sponsored trail review",
    "I received the jacket in exchange for an honest review.",
])
def test_disclosures_are_found(text):
    assert discloses_sponsorship("", text)


@pytest.mark.parametrize("text", [
    "I added the adhesive and read the address.",
    "My partnership with my running club is twenty years old.",
    "Nobody sponsored me; I paid for these myself, as always.",
    "The heading #1 of the list",
])
def test_ordinary_text_is_not_a_disclosure(text):
    assert not discloses_sponsorship("", text)


@pytest.mark.parametrize("tag", ["Sponsored", "#ad", " Paid Partnership ", "gifted", "affiliate links"])
def test_a_disclosure_tag_is_a_disclosure(tag):
    assert discloses_sponsorship("Trail shoes", "Ten miles in them.", ["running", tag])


@pytest.mark.parametrize("tag", ["adventure", "advertising history", "sponsors of the marathon"])
def test_ordinary_tags_are_not_a_disclosure(tag):
    assert not discloses_sponsorship("Trail shoes", "Ten miles in them.", [tag])


def test_post_document_holds_title_first_distinct_tags_and_text():
    tags = ["Sourdough", "sourdough ", "Baking"] + [f"tag{chr(97 + n)}" for n in range(INDEXED_TAGS)]
    document = post_document("My loaf", "Flour and water.", tags)
    assert document.startswith("My loaf. Sourdough, Baking, taga") and document.endswith("Flour and water.")
    assert document.count("ourdough") == 1
    assert f"tag{chr(97 + INDEXED_TAGS - 3)}" in document and f"tag{chr(97 + INDEXED_TAGS - 2)}" not in document
    assert post_document("", "Flour and water.", ["Baking"]) == "Baking. Flour and water."
    assert post_document("", "Flour and water.") == "Flour and water."


def test_binary_junk_is_cleaned_to_nothing():
    junk = bytes(range(256)).decode("latin-1") * 20
    assert clean_text(junk) == ""
    assert clean_text("\x00\x01Real words\ufffd here\x7f") == "Real words here"


def test_analyzer_stems_drops_stop_words_and_keeps_other_scripts():
    analyzer = Analyzer()
    assert analyzer("The hotels and the Hotel") == ["hotel", "hotel"]
    assert analyzer("Café 1234 東京 ab") == ["cafe", "東京", "ab"]
    assert analyzer.surface_forms()["hotel"] == "hotel"


def test_words_that_name_topics_are_not_stop_words():
    analyzer = Analyzer()
    # scikit-learn's list drops "fire", "interest" and "show", but not "fires" or "shows".
    assert analyzer("Fire and fires, interest rates, the show and the shows") == [
        "fire", "fire", "interest", "rate", "show", "show"]
    assert analyzer("It was there before we could") == []


def test_function_words_the_scikit_learn_list_misses_are_stop_words():
    analyzer = Analyzer()
    # "does" would be stemmed to "doe" and match posts about deer.
    assert analyzer("What the council does: it didn't, doesn't and won't, it just really did") == [
        "council", "won"]
    assert analyzer("The doe and her fawn") == ["doe", "fawn"]


def test_british_and_american_spellings_are_one_term_shown_as_written():
    analyzer = Analyzer()
    assert analyzer("Colour, theatre, jewellery, dialling in and my favourite organisers") == analyzer(
        "Color, theater, jewelry, dialing in and my favorite organizers")
    analyzer("The colour of the colours")
    assert analyzer.surface_forms()[analyzer("colour")[0]] == "colour"  # what the posts say


def test_names_with_digits_are_words_and_numbers_are_not():
    analyzer = Analyzer()
    assert analyzer("PS5 and MP3 players at the F1 race: 5m fans, 1bn views, 10am, 2004") == [
        "ps5", "mp3", "player", "f1", "race", "fan", "view"]


def test_a_stem_is_shown_as_its_most_common_word():
    analyzer = Analyzer()
    analyzer("Be polite about political parties: political news, politics, polite words.")
    analyzer("More political talk, and a hous typo beside every house, house and house.")
    forms = analyzer.surface_forms()
    assert forms["polit"] == "political"  # Snowball gives "polite" the same stem
    assert forms["hous"] == "house"  # the shortest word seen would be the typo


def test_split_terms_trims_and_drops_duplicates():
    assert split_terms(" trail running, ,Shoes,shoes ") == ["trail running", "Shoes"]
