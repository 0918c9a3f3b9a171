"""Niches: validation, lookup, seeds, and the `outreach niche` commands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from outreach.core.models import Niche, NicheSeed
from outreach.core.niches import (
    NicheError,
    asking_words,
    brief_topic,
    create_niche,
    get_niche,
    niche_spec,
    parse_keywords,
    update_niche,
)
from tests.factories import NOW


def test_keywords_take_optional_weights():
    assert parse_keywords("trail running:2, shoes") == [
        {"term": "trail running", "weight": 2.0}, {"term": "shoes", "weight": 1.0}]
    assert parse_keywords("") == []
    for bad, message in (("shoes:x", "must be a number"), ("shoes:0", "above 0"), ("42", "no word")):
        with pytest.raises(NicheError, match=message):
            parse_keywords(bad)


def test_the_words_of_asking_are_not_the_subject():
    assert brief_topic("We want bloggers who write honest reviews of trail running shoes") == \
        "who of trail running shoes"
    assert brief_topic("Looking for creators: Espresso, latte art; home roasting") == "for : Espresso, latte art; home roasting"
    assert brief_topic("real estate and house prices") == "real estate and house prices"  # words that name topics stay
    # A brand's one-line request: each form of its verb of asking goes
    assert brief_topic("A sports nutrition brand seeks bloggers who write about running") == \
        "A sports nutrition brand who about running"
    assert brief_topic("Cyclists sought by a bike shop") == "Cyclists by a bike shop"


def test_the_words_of_asking_are_named_once_each_in_lower_case():
    assert asking_words("We want bloggers who write honest reviews; bloggers we trust") == \
        ["we", "want", "bloggers", "write", "honest", "reviews"]
    assert asking_words("real estate and house prices") == []
    # Influencers of every kind are asked for by the kind: the kind names no subject.
    assert asking_words("YouTubers, podcasters and content creators who cover home espresso") == \
        ["youtubers", "podcasters", "content", "creators"]


def test_a_brief_of_only_words_of_asking_is_refused_and_says_why(session):
    for brief in ("We want bloggers who write honest reviews", "looking for influencers"):
        with pytest.raises(NicheError, match="the brief names no subject, only what is asked"):
            create_niche(session, "Asking", brief)
    create_niche(session, "Running", "trail running")
    with pytest.raises(NicheError, match=r"names no subject, only what is asked \(bloggers, write\)"):
        update_niche(session, "Running", brief="bloggers who write")
    assert get_niche(session, "Running").brief == "trail running"


def test_empty_brief_and_duplicate_name_are_refused(session):
    for brief in ("", "   ", "123 !!"):
        with pytest.raises(NicheError, match="the brief is empty"):
            create_niche(session, "Running", brief)
    create_niche(session, "Running", "trail running")
    session.commit()
    with pytest.raises(NicheError, match="already exists"):
        create_niche(session, " Running ", "anything")


def test_unknown_niche_lists_the_known_ones(session):
    with pytest.raises(NicheError, match="no niche named 'Yoga'. There are no niches yet"):
        get_niche(session, "Yoga")
    create_niche(session, "Running", "trail running")
    with pytest.raises(NicheError, match="Known niches: Running"):
        get_niche(session, "Yoga")


def test_seed_url_of_a_known_post_uses_its_text(collection):
    blog = collection.blog("Runner", ["running"] * 2)
    post = collection.post(blog, None, NOW - timedelta(days=30), text="mountain ultramarathon report")
    collection.session.commit()
    niche = create_niche(collection.session, "Running", "running", seed_urls=[post.url, "https://elsewhere.example/x"],
                         seed_texts=["pasted example about hill repeats"])
    collection.session.commit()
    spec = niche_spec(collection.session, get_niche(collection.session, "Running"))
    assert spec.seed_texts == ("mountain ultramarathon report", "pasted example about hill repeats")
    waiting = collection.session.exec(select(NicheSeed).where(NicheSeed.post_id.is_(None), NicheSeed.url != "")).one()
    assert waiting.url == "https://elsewhere.example/x" and waiting.niche_id == niche.id


def test_unparseable_seed_url_is_refused_with_a_message(session):
    for url in ("http://[x/", "http://[::1/p", "http://example.com:99999999/post"):
        with pytest.raises(NicheError, match="seed URL '.*' is not a valid URL"):
            create_niche(session, "Running", "trail running", seed_urls=[url])
        session.rollback()
    with pytest.raises(NicheError, match="is not an http"):
        create_niche(session, "Running", "trail running", seed_urls=["ftp://example.com/x"])


def test_update_changes_only_what_is_given(session):
    create_niche(session, "Running", "trail running", keywords=parse_keywords("shoes"), exclusions=["Nike"])
    session.commit()
    update_niche(session, "Running", brief="road running")
    session.commit()
    niche = get_niche(session, "Running")
    assert (niche.brief, niche.keywords, niche.exclusions) == ("road running", [{"term": "shoes", "weight": 1.0}], ["Nike"])


def test_niche_commands(runner, engine):
    add = runner.invoke(args=["niche", "add", "Trail running", "--brief", "trail running and races",
                              "--keywords", "ultramarathon:2,shoes", "--exclude", "Nike, Adidas",
                              "--seed-url", "https://example.com/post", "--seed-text", "hill repeats"])
    assert add.exit_code == 0, add.output
    assert "Added niche 'Trail running'" in add.output
    assert "not a post or blog we hold; it counts once the next crawl reads it" in add.output
    show = runner.invoke(args=["niche", "show", "Trail running"])
    assert "Keywords:   ultramarathon:2, shoes" in show.output
    assert "Exclusions: Nike, Adidas" in show.output
    assert "https://example.com/post (not read yet: the next crawl reads it)" in show.output
    edit = runner.invoke(args=["niche", "edit", "Trail running", "--name", "Trails", "--exclude", ""])
    assert edit.exit_code == 0, edit.output
    listing = runner.invoke(args=["niche", "list"])
    assert "Trails" in listing.output and "trail running and races" in listing.output
    empty = runner.invoke(args=["niche", "add", "Other", "--brief", " "])
    assert empty.exit_code == 1 and "Error: the brief is empty" in empty.output
    broken = runner.invoke(args=["niche", "add", "Other", "--brief", "roads", "--seed-url", "http://[x/"])
    assert broken.exit_code == 1 and "Error: seed URL 'http://[x/' is not a valid URL" in broken.output
    missing = runner.invoke(args=["niche", "show", "Nope"])
    assert missing.exit_code == 1 and "no niche named 'Nope'" in missing.output
    removed = runner.invoke(args=["niche", "remove", "Trails"])
    assert removed.exit_code == 0
    with Session(engine) as session:
        assert session.exec(select(Niche)).all() == [] and session.exec(select(NicheSeed)).all() == []


def test_discovery_runs_again_when_its_interval_is_out_and_not_while_asked_for(session):
    from outreach.core.models import utcnow
    from outreach.core.niches import due_for_discovery

    now = utcnow()
    weekly = create_niche(session, "Weekly", "trail running", discover_every_days=7)
    monthly = create_niche(session, "Monthly", "espresso", discover_every_days=30)
    create_niche(session, "By hand", "knitting")
    monthly.discovered_at = now - timedelta(days=10)
    session.commit()
    assert [niche.name for niche in due_for_discovery(session, now)] == ["Weekly"]  # never run yet
    weekly.discovery_requested_at = weekly.discovered_at = now
    session.commit()
    assert due_for_discovery(session, now + timedelta(days=6)) == []  # asked for, then not yet due
    weekly.discovery_requested_at = None
    session.commit()
    assert [niche.name for niche in due_for_discovery(session, now + timedelta(days=21))] == ["Weekly", "Monthly"]
    for days in (-1, 366):
        with pytest.raises(NicheError, match="discovery runs every 1 to 365 days, or never"):
            create_niche(session, f"Every {days}", "yarn", discover_every_days=days)
