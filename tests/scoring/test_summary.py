"""The one-line summary beside a ranked blogger."""

from __future__ import annotations

from scoring.evidence import Evidence, plain_summary


def test_summary_says_strength_topic_frequency_and_recency():
    evidence = Evidence(matched_terms=[{"term": "espresso", "weight": .5}, {"term": "grinder", "weight": .3},
                                       {"term": "latte", "weight": .1}, {"term": "beans", "weight": .1}],
                        on_topic_posts=6, recent_posts=8, days_since_last_post=3)
    assert plain_summary(72.4, evidence) == ("Strong match (72): writes about espresso, grinder and latte "
                                            "in 6 of 8 recent posts; last post 3 days ago.")


def test_summary_of_a_weak_dormant_blog():
    evidence = Evidence(matched_terms=[], on_topic_posts=0, recent_posts=3, days_since_last_post=400, dormant=True)
    assert plain_summary(4, evidence) == ("Weak match (4): none of 3 recent posts on the subject; "
                                          "dormant: last post 400 days ago.")
    assert plain_summary(55, Evidence(matched_terms=[{"term": "tea", "weight": 1}])).startswith(
        "Clear match (55): writes about tea; no dated post")


def test_summary_claims_no_subject_for_words_met_only_in_passing():
    evidence = Evidence(matched_terms=[{"term": "week", "weight": .4}, {"term": "best", "weight": .3}],
                        on_topic_posts=0, recent_posts=10, days_since_last_post=40)
    assert plain_summary(2, evidence) == ("Weak match (2): none of 10 recent posts on the subject, only the "
                                          "words week and best in passing; last post 40 days ago.")
