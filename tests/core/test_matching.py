"""Monitors' terms found in text: whole phrases, any case, accents folded, exclusions honoured."""

from __future__ import annotations

import pytest

from outreach.core.matching import Matcher, MonitorTerms, fold

TRAILFOX = MonitorTerms(1, ("Trailfox", "Trail Fox"), ("trail fox sightings",))
CREME = MonitorTerms(2, ("Crème Brûlée Co",))


@pytest.mark.parametrize("text, expected", [
    ("I ran my first ultra in TRAILFOX shoes.", {1: ["Trailfox"]}),
    ("The Trail\n  Fox jacket kept me dry", {1: ["Trail Fox"]}),
    ("Trail fox sightings were common on the ridge.", {}),  # the exclusion holds
    ("trail fox sightings, and my Trail Fox jacket", {1: ["Trail Fox"]}),  # only that occurrence is excluded
    ("Trailfoxes are not the brand", {}),  # whole words only
    ("crowdfunding: #trailfox_team", {}),  # an underscore joins words
    ("creme brulee co sent me a box", {2: ["Crème Brûlée Co"]}),  # accents folded
    ("CRÈME BRÛLÉE CO and trailfox", {1: ["Trailfox"], 2: ["Crème Brûlée Co"]}),
    ("", {}),
])
def test_terms_are_found_as_people_write_them(text, expected):
    found = Matcher([TRAILFOX, CREME]).find(text)
    assert {item.monitor_id: item.terms for item in found} == expected


def test_the_excerpt_is_the_original_text_around_the_first_match():
    text = "x " * 200 + "Loved my Trailfox vest on the climb. " + "y " * 200
    [found] = Matcher([TRAILFOX]).find(text)
    assert "Loved my Trailfox vest" in found.excerpt and found.excerpt.startswith("…")
    assert len(found.excerpt) < 400


def test_two_monitors_may_share_a_term_and_no_monitor_matches_nothing():
    both = Matcher([MonitorTerms(1, ("Northbrew",)), MonitorTerms(2, ("northbrew", "kettle"))])
    assert sorted(item.monitor_id for item in both.find("A Northbrew morning")) == [1, 2]
    assert Matcher([]).find("anything") == []


def test_fold_drops_accents_and_case_and_folds_space():
    assert fold("Crème\tBRÛLÉE   Straße") == "creme brulee strasse"
