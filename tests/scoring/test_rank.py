"""The ranking: what it rewards, what it pushes down, and the evidence it gives."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlmodel import select

from outreach.core.models import Blogger
from scoring import (
    NicheSpec,
    build_index_from_db,
    build_query,
    place_outside,
    rank_niche,
    similar_bloggers,
    unmatched_reason,
)
from scoring.rank import NO_BLOGS, NO_POSTS
from scoring.records import BlogRecord, PostRecord
from tests.factories import NOW, topic_text

RUNNING = NicheSpec("Running", "trail running, marathon training and races")


def ranked(session, spec=RUNNING, **options):
    return rank_niche(build_index_from_db(session), spec, now=NOW, **options)


def by_name(ranking):
    return {b.name: b for b in ranking.bloggers}


def test_consistent_blogger_outranks_one_lucky_post(background):
    background.blog("Weekly Runner", ["running"] * 10)
    background.blog("Lucky Cook", ["running"] + ["cooking"] * 9)
    ranking = ranked(background.session)
    names = [b.name for b in ranking.bloggers]
    assert names[0] == "Weekly Runner"
    assert names.index("Lucky Cook") > 0
    found = by_name(ranking)
    assert found["Weekly Runner"].score >= 50 > found["Lucky Cook"].score
    assert found["Weekly Runner"].evidence.on_topic_share == 1.0
    assert found["Lucky Cook"].evidence.on_topic_share == pytest.approx(0.1)
    assert all(0 <= b.score <= 100 for b in ranking.bloggers)


def test_exclusions_push_down_and_are_shown(background):
    background.blog("Brand Fan", ["running"] * 10, extra={i: "nike nike shoes" for i in range(10)})
    background.blog("Independent", ["running"] * 10)
    plain = by_name(ranked(background.session))
    spec = NicheSpec("Running", RUNNING.brief, exclusions=("Nike",))
    excluded = ranked(background.session, spec)
    names = [b.name for b in excluded.bloggers]
    assert names.index("Independent") < names.index("Brand Fan")
    fan = by_name(excluded)["Brand Fan"]
    assert fan.score < plain["Brand Fan"].score / 2
    assert fan.evidence.excluded_terms == {"Nike": 10}
    assert by_name(excluded)["Independent"].evidence.excluded_terms == {}


def test_seed_examples_pull_toward_their_content(background):
    background.blog("Runner", ["running"] * 10)
    background.blog("Baker", ["cooking"] * 10)
    spec = NicheSpec("Food and sport", "healthy living and sport")
    seeded = NicheSpec(spec.name, spec.brief,
                       seed_texts=("Slow roast garlic bread from the oven, a simple recipe for dinner.",))
    before = by_name(ranked(background.session, spec))
    after = by_name(ranked(background.session, seeded))
    assert after["Baker"].score > before.get("Baker", after["Baker"]).score or "Baker" not in before
    # The seed (bread from the oven) puts the cooks first: the Baker and the background's cooks.
    cooks = {"Baker"} | {f"Other {number}" for number in range(0, 15, 4)}
    assert [b.name for b in ranked(background.session, seeded).bloggers][0] in cooks
    assert after["Baker"].score > after["Runner"].score


def test_dormant_blog_is_marked_ranked_lower_but_present(background):
    background.blog("Active Runner", ["running"] * 10)
    background.blog("Retired Runner", ["running"] * 10, days_ago_last=400)
    ranking = ranked(background.session)
    found = by_name(ranking)
    retired, active = found["Retired Runner"], found["Active Runner"]
    assert retired.evidence.dormant and not active.evidence.dormant
    assert retired.evidence.days_since_last_post == 400
    assert retired.score < active.score
    assert retired.score > 0


def test_followers_never_change_the_score(background):
    background.blog("Runner", ["running"] * 10, audience=10)
    first = by_name(ranked(background.session))["Runner"].score
    blogger = background.session.exec(select(Blogger).where(Blogger.name == "Runner")).one()
    blogger.audience_size = 5_000_000
    background.session.commit()
    assert by_name(ranked(background.session))["Runner"].score == first


def test_post_tags_are_indexed_with_the_post(background):
    """A blogger files posts under tags: the tags say what the post is about, in their words."""
    tagged = background.blog("Tagged Baker", [])
    plain = background.blog("Plain Baker", [])
    for number in range(6):
        published = NOW - timedelta(days=1 + 7 * number)
        background.post(tagged, "cooking", published, title="Weekend bake",
                        tags=["Sourdough", "Sponsored"] if number == 0 else ["Sourdough"])
        background.post(plain, "cooking", published, title="Weekend bake")
    background.session.commit()
    ranking = ranked(background.session, NicheSpec("Sourdough", "sourdough"))
    first, *rest = ranking.bloggers
    assert first.name == "Tagged Baker" and first.score > 0
    plain = by_name(ranking)["Plain Baker"]
    # Without the tag the niche's own word is missing: the same bakes rank lower, on the words
    # that keep "sourdough" company in this collection and on their meaning.
    assert "sourdough" not in {item["term"] for item in plain.evidence.matched_terms}
    assert plain.score < first.score and plain.evidence.brief_coverage == 0
    evidence = first.evidence
    assert [item["term"] for item in evidence.matched_terms] == ["sourdough"]
    assert evidence.on_topic_share == 1.0
    assert evidence.sponsored_share == pytest.approx(1 / 6, abs=0.001)


def test_evidence_fields_are_present_and_correct(background):
    comments = [4, 2, None, 6, 0, 3, 5, 1, None, 3]
    background.blog(
        "Runner", ["running"] * 6 + ["cooking"] * 4, comments=comments, every_days=7,
        extra={0: "This post is sponsored by Acme.", 3: "Contains affiliate links."},
    )
    runner = by_name(ranked(background.session))["Runner"]
    evidence = runner.evidence
    assert evidence.sponsored_share == pytest.approx(0.2)
    assert evidence.comments_per_post == pytest.approx(3.0)  # 24 comments over 8 known counts
    assert evidence.posts_per_month == pytest.approx(10 / (63 / 30.44), abs=0.05)
    assert evidence.recent_posts == 10
    assert evidence.last_post_at == (NOW - timedelta(days=1)).isoformat(timespec="seconds")
    assert evidence.on_topic_posts == 6
    assert len(evidence.best_posts) == 3
    sims = [post.similarity for post in evidence.best_posts]
    assert sims == sorted(sims, reverse=True) and sims[-1] > 0
    assert all(" on running " in post.title and post.url.startswith("https://runner.example/p/")
               for post in evidence.best_posts)
    terms = {t["term"]: t["weight"] for t in evidence.matched_terms}
    assert {"running", "marathon", "race"} & set(terms)
    assert sum(terms.values()) == pytest.approx(1.0, abs=0.01)
    payload = runner.to_dict()
    assert set(payload) >= {"blog_id", "name", "url", "feed_url", "score", "evidence"}
    assert "audience" not in str(payload["evidence"])


def test_empty_collection_says_so(session):
    ranking = ranked(session)
    assert ranking.bloggers == [] and ranking.message == NO_BLOGS


def test_blogs_without_posts_are_counted_not_ranked(collection):
    collection.blog("Silent", [])
    ranking = ranked(collection.session)
    assert ranking.message == NO_POSTS and ranking.without_posts == 1
    collection.blog("Runner", ["running"] * 3)
    ranking = ranked(collection.session)
    assert [b.name for b in ranking.bloggers] == ["Runner"] and ranking.without_posts == 1


def test_niche_without_matching_posts_says_so(background):
    ranking = ranked(background.session, NicheSpec("Yachts", "sailing yachts and regattas"))
    assert ranking.bloggers == []
    assert "None of the words of the niche 'Yachts' occur in any crawled post" in ranking.message
    assert "(not found: sailing, yachts, regattas)" in ranking.message


def test_a_brief_in_another_language_says_so_before_and_at_ranking(background):
    spec = NicheSpec("Laufen", "Laufschuhe und Bergläufe für Trailläufer")
    index = build_index_from_db(background.session)
    ranking = rank_niche(index, spec, now=NOW)
    assert ranking.bloggers == [] and "Is the brief in the language the blogs write in?" in ranking.message
    assert unmatched_reason(index, spec) == ranking.message
    assert unmatched_reason(index, NicheSpec("Baking", "baking bread and pastry")) == ""


def test_the_words_of_asking_in_a_brief_do_not_match_blogs_that_use_them(background):
    request = NicheSpec("Shoe reviews", "We want bloggers who write honest reviews of running shoes")
    meta = background.blog("Blogging Tips", ["cooking"] * 0)
    for number in range(6):
        background.post(meta, None, NOW - timedelta(days=number + 1),
                        text="bloggers write honest reviews: how bloggers write, why honest bloggers write "
                             "reviews weekly, honest writing for bloggers who write reviews")
    background.session.commit()
    background.blog("Runner", ["running"] * 6)
    ranking = ranked(background.session, request)
    names = [b.name for b in ranking.bloggers]
    assert names[0] == "Runner"
    meta_ranked = by_name(ranking)["Blogging Tips"]
    assert meta_ranked.evidence.brief_coverage == 0  # none of the niche's words ...
    assert meta_ranked.score < 0.15 * by_name(ranking)["Runner"].score  # ... only a little of its meaning
    matched = {item["term"] for item in meta_ranked.evidence.matched_terms}
    assert not matched & {"bloggers", "blogger", "write", "writing", "honest", "reviews", "review"}
    assert meta_ranked.evidence.on_topic_posts == 0


def test_junk_and_foreign_posts_are_tolerated(background):
    blog = background.blog("Runner", ["running"] * 5)
    # No NUL: PostgreSQL refuses it in text, so stored posts never hold one.
    junk = bytes(range(1, 256)).decode("latin-1") * 50
    background.post(blog, None, NOW, text=junk)
    background.post(blog, None, NOW, text="Laufen im Wald, 東京マラソン 2026 — très bien")
    background.post(blog, None, NOW, text="")
    background.session.commit()
    ranking = ranked(background.session)
    assert ranking.bloggers[0].name == "Runner"


def test_top_limits_the_list(background):
    ranking = ranked(background.session, NicheSpec("Baking", "baking bread and pastry"), top=3)
    assert len(ranking.bloggers) == 3 and ranking.ranked == 15


def test_similar_bloggers_finds_the_same_topic(background):
    first = background.blog("Runner One", ["running"] * 10)
    background.blog("Runner Two", ["running"] * 9 + ["finance"])
    index = build_index_from_db(background.session)
    similar = similar_bloggers(index, first.id, top=3, now=NOW)
    assert similar.bloggers[0].name == "Runner Two"
    assert first.id not in [b.blog_id for b in similar.bloggers]
    assert similar_bloggers(index, 99_999).message.startswith("No blog 99999")


def weekly_blog(background, name: str, text: str, posts: int = 5) -> None:
    """A blog that posted the same text every week, beside a weekly running blog."""
    background.blog("Weekly Runner", ["running"] * posts)
    blog = background.blog(name, [])
    for number in range(posts):
        background.post(blog, None, NOW - timedelta(days=1 + 7 * number), title=f"{name} {number}", text=text)
    background.session.commit()


def test_a_brief_of_one_topic_word_that_common_stop_lists_drop_still_ranks(background):
    weekly_blog(background, "Fire Station", "The fire crew checked every fire alarm after the fire drill this week.")
    ranking = ranked(background.session, NicheSpec("Fire safety", "fire"))
    assert not ranking.message
    assert ranking.bloggers[0].name == "Fire Station"
    assert ranking.bloggers[0].evidence.matched_terms == [{"term": "fire", "weight": 1.0}]


def test_a_brief_in_american_spelling_finds_a_blogger_writing_british_spelling(background):
    weekly_blog(background, "London Maker",
                "New jewellery in my favourite colours: silver rings and a grey enamel pendant.")
    ranking = ranked(background.session, NicheSpec("Jewelry", "jewelry in favorite colors"))
    assert not ranking.message and not ranking.unknown_words
    maker = ranking.bloggers[0]
    assert maker.name == "London Maker"
    assert {"jewellery", "favourite", "colours"} == {term["term"] for term in maker.evidence.matched_terms}


def test_a_blogger_covering_the_niche_outranks_one_repeating_one_of_its_words(background):
    from scoring.calibrate import COVERAGE_POWER, FULL_MATCH, MEANING_WEIGHT, TOPIC_WEIGHT
    from tests.factories import FILLER

    background.blog("Weekly Runner", ["running"] * 10)
    fan = background.blog("Fan", [])
    for number in range(10):
        background.post(fan, None, NOW - timedelta(days=1 + 7 * number), title=f"Post {number}",
                        text=" ".join(["races"] * 20 + FILLER))
    background.session.commit()
    found = by_name(ranked(background.session))
    runner, repeater = found["Weekly Runner"], found["Fan"]
    assert runner.evidence.brief_coverage == 1.0  # trail, running, marathon, training, races
    assert 0 < repeater.evidence.brief_coverage < 0.5  # only "races"
    assert runner.score > repeater.score
    for blogger in (runner, repeater):  # the score is the product the README describes
        evidence = blogger.evidence
        relevance = TOPIC_WEIGHT * evidence.topical_match + (1 - TOPIC_WEIGHT) * evidence.on_topic_share
        per_post = min(1.0, evidence.post_coverage / (FULL_MATCH * evidence.reference_post_coverage))
        words = relevance * evidence.brief_coverage ** COVERAGE_POWER * per_post ** COVERAGE_POWER
        expected = 100 * ((1 - MEANING_WEIGHT) * words + MEANING_WEIGHT * evidence.meaning_match) \
            * evidence.activity_factor
        assert blogger.score == pytest.approx(expected, abs=0.3)
    evidence = repeater.evidence
    uncovered = 100 * ((1 - MEANING_WEIGHT) * (TOPIC_WEIGHT * evidence.topical_match
                                               + (1 - TOPIC_WEIGHT) * evidence.on_topic_share)
                       + MEANING_WEIGHT * evidence.meaning_match) * evidence.activity_factor
    assert repeater.score < 0.9 * uncovered  # covering under half of the niche costs over 10%


def test_posts_that_each_cover_the_niche_outrank_posts_that_each_name_one_of_its_words(background):
    from tests.factories import FILLER

    words = ["trail", "running", "marathon", "training", "races"]
    spread = background.blog("One Word a Post", [])
    focused = background.blog("Whole Niche a Post", [])
    for number in range(10):
        published = NOW - timedelta(days=1 + 7 * number)
        background.post(spread, None, published, title=f"Post {number}",
                        text=" ".join([words[number % 5]] * 10 + FILLER * 2))
        background.post(focused, None, published, title=f"Post {number}",
                        text=" ".join(words * 2 + FILLER * 2))
    background.session.commit()
    found = by_name(ranked(background.session))
    one_word, whole = found["One Word a Post"].evidence, found["Whole Niche a Post"].evidence
    assert one_word.brief_coverage == whole.brief_coverage == 1.0  # both blogs use every word
    assert whole.post_coverage == 1.0 and one_word.post_coverage < 0.35  # but not in each post
    assert 0 < whole.reference_post_coverage == one_word.reference_post_coverage <= 1.0
    assert found["Whole Niche a Post"].score > found["One Word a Post"].score


@pytest.mark.parametrize("brief", ["skin care routines", "skin-care routines"])
def test_a_brief_writing_a_compound_apart_finds_the_blogger_who_writes_it_as_one_word(background, brief):
    weekly_blog(background, "Glow Diary", "My skincare routine this week: a gentle cleanser, a serum and sunscreen.")
    nurse = background.blog("Home Nurse", [])
    for number in range(5):
        background.post(nurse, None, NOW - timedelta(days=2 + 7 * number), title=f"Visit {number}",
                        text="Take care of yourself: rest, drink water and call the nurse when you need to.")
    background.session.commit()
    ranking = ranked(background.session, NicheSpec("Skincare", brief))
    assert not ranking.message and not ranking.unknown_words
    assert ranking.bloggers[0].name == "Glow Diary"
    assert {"skincare", "routine"} == {term["term"] for term in ranking.bloggers[0].evidence.matched_terms}


def test_words_joined_only_where_neither_is_a_stop_word(background):
    weekly_blog(background, "Thinker", "Another insight into how gardens grow, with one fresh insight a week.")
    ranking = ranked(background.session, NicheSpec("Gardens", "gardens in sight"))
    assert ranking.bloggers[0].name == "Thinker"
    assert "insight" not in {term["term"] for term in ranking.bloggers[0].evidence.matched_terms}


def test_a_brief_writing_as_one_word_what_the_posts_write_apart_finds_them_and_says_so(background):
    weekly_blog(background, "Glow Diary", "My skin care routine this week: skin care for dry skin, and sunscreen.")
    for name, text in (("Home Nurse", "Take care of yourself: rest, drink water and call the nurse."),
                       ("Pet Sitter", "Walking the dog to the park: a pet needs care and water too."),
                       ("Mechanic", "The car came in with a flat tyre; the car park was full.")):
        blog = background.blog(name, [])
        for number in range(5):
            background.post(blog, None, NOW - timedelta(days=2 + 7 * number), title=f"{name} {number}", text=text)
    background.session.commit()
    ranking = ranked(background.session, NicheSpec("Skincare", "skincare routines"))
    assert ranking.read_apart == ["skincare (skin care)"] and not ranking.unknown_words
    assert ranking.bloggers[0].name == "Glow Diary"
    assert {"skin", "care", "routine"} <= {term["term"] for term in ranking.bloggers[0].evidence.matched_terms}
    # "car" and "pet" never keep company in the posts: "carpet" is not read as them.
    carpets = ranked(background.session, NicheSpec("Carpets", "carpet cleaning"))
    assert carpets.read_apart == [] and not carpets.bloggers and "carpet" in carpets.message


def test_similar_bloggers_finds_a_blogger_on_the_same_subject_in_other_words(background):
    texts = {"Espresso Bar": "Pulling a shot of espresso: the grinder, the tamper and a golden crema.",
             "Morning Brew": "My coffee beans this week, and a latte with oat milk from the barista down the road.",
             "Match Day": "The striker scored twice before half time and the keeper saved a penalty."}
    blogs = {name: background.blog(name, []) for name in texts}
    for name, blog in blogs.items():
        for number in range(5):
            background.post(blog, None, NOW - timedelta(days=1 + 7 * number), title=f"{name} {number}", text=texts[name])
    background.session.commit()
    similar = similar_bloggers(build_index_from_db(background.session), blogs["Espresso Bar"].id, now=NOW)
    alike = similar.bloggers[0]
    assert alike.name == "Morning Brew"
    assert alike.evidence.matched_terms == [] and alike.evidence.meaning_match == 1.0
    scores = {b.name: b.score for b in similar.bloggers}
    assert scores["Morning Brew"] >= scores.get("Match Day", 0) + 20


def outside_blog(name: str, topic: str, posts: int = 8) -> tuple[BlogRecord, list[PostRecord]]:
    """A blog not in the directory, as discovery reads it from its feed."""
    rng = random.Random(name)
    return (BlogRecord(0, name, f"https://{name}.example/", f"https://{name}.example/feed"),
            [PostRecord(0, 0, f"{topic} {n}", f"https://{name}.example/{n}", NOW - timedelta(days=7 * n),
                        topic_text(topic, rng), None, 0) for n in range(posts)])


def test_a_blog_outside_the_directory_is_placed_where_the_ranking_would_put_it(background):
    background.blog("Weekly Runner", ["running"] * 10)
    background.blog("Sometimes Runner", ["running"] * 3 + ["cooking"] * 7)
    index = build_index_from_db(background.session)
    before = rank_niche(index, RUNNING, now=NOW)
    outside = {1: outside_blog("trails", "running"), 2: outside_blog("stitches", "knitting"),
               3: (BlogRecord(0, "empty", "https://empty.example/", "https://empty.example/feed"), [])}
    placed = place_outside(index, outside, {7: RUNNING}, now=NOW)
    runner, knitter = placed[1][7], placed[2][7]
    assert 3 not in placed  # nothing to read, nothing to place
    ranked_score = {b.name: b.score for b in before.bloggers}
    # A full-time runner stands among the directory's runners, above the part-timer and the rest.
    assert runner.place <= 2 and runner.of == before.ranked + 1
    assert runner.score > ranked_score["Sometimes Runner"]
    assert abs(runner.score - ranked_score["Weekly Runner"]) < 20
    assert {"marathon", "training"} & set(runner.terms)
    assert knitter.score < 5 and knitter.place > 2 and not knitter.terms
    # The directory's own ranking is untouched by the placing.
    after = rank_niche(index, RUNNING, now=NOW)
    assert [(b.name, b.score) for b in after.bloggers] == [(b.name, b.score) for b in before.bloggers]


def test_a_blog_marked_a_good_fit_lifts_the_blogs_that_write_like_it(background):
    background.blog("Runner", ["running"] * 10)
    baker = background.blog("Baker", ["cooking"] * 10)
    spec = NicheSpec("Food and sport", "marathon races and bread recipes")
    before = by_name(ranked(background.session, spec))
    marked = NicheSpec(spec.name, spec.brief, good_blog_ids=(baker.id, 999_999))  # an unknown id lends nothing
    after = by_name(ranked(background.session, marked))
    cooks = [f"Other {number}" for number in range(0, 15, 4)]  # the background's cooking blogs
    assert all(after[name].score > before[name].score for name in cooks)
    assert after["Runner"].score < before["Runner"].score


def test_marks_alone_rank_a_niche_whose_words_no_post_uses(background):
    baker = background.blog("Baker", ["cooking"] * 10)
    spec = NicheSpec("Cuisine", "recettes de cuisine")  # no crawled post writes French
    assert ranked(background.session, spec).message
    ranking = ranked(background.session, NicheSpec(spec.name, spec.brief, good_blog_ids=(baker.id,)))
    cooks = {"Baker"} | {f"Other {number}" for number in range(0, 15, 4)}
    assert {b.name for b in ranking.bloggers[:5]} == cooks


def test_a_blog_marked_not_a_fit_lowers_the_blogs_that_write_like_it(background):
    background.blog("Runner", ["running"] * 10)
    background.blog("Trail Runner", ["running"] * 10)
    baker = background.blog("Baker", ["cooking"] * 10)
    spec = NicheSpec("Food and sport", "marathon races and bread recipes")
    before = by_name(ranked(background.session, spec))
    after = by_name(ranked(background.session, NicheSpec(spec.name, spec.brief, poor_blog_ids=(baker.id,))))
    cooks = [f"Other {number}" for number in range(0, 15, 4)]
    assert all(after[name].score < before[name].score for name in cooks)
    assert after["Trail Runner"].score >= before["Trail Runner"].score


def test_a_good_fit_never_brings_back_an_excluded_word(background):
    baker = background.blog("Baker", ["cooking"] * 10)
    index = build_index_from_db(background.session)
    spec = NicheSpec("Food", "healthy dinners", exclusions=("garlic",), good_blog_ids=(baker.id,))
    query = build_query(index, spec)
    assert query.vector[index.vectorizer.vocabulary_["garlic"]] == 0.0
    assert query.vector[index.vectorizer.vocabulary_["oven"]] > 0.0  # what the good fit writes joined the niche
