"""`outreach rank`, `outreach similar` and `outreach index`, through the real CLI."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from outreach.core.niches import create_niche
from tests.factories import Collection

KEYS = {"blog_id", "name", "url", "feed_url", "score", "evidence"}


def fill(engine) -> dict[str, int]:
    with Session(engine) as session:
        collection = Collection(session)
        ids = {}
        for name, topics in (("Runner", ["running"] * 8), ("Cook", ["cooking"] * 8),
                             ("Gardener", ["gardening"] * 8), ("Mixed", ["running", "finance"] * 4)):
            ids[name] = collection.blog(name, topics, days_ago_last=0).id
        collection.blog("Silent", [])
        create_niche(session, "Running", "trail running, marathon training and races")
        session.commit()
    return ids


def test_rank_json_parses_with_the_required_keys(runner, engine):
    ids = fill(engine)
    result = runner.invoke(args=["rank", "Running", "--json", "--top", "3"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert len(payload) == 3
    assert all(KEYS <= set(item) for item in payload)
    assert payload[0]["blog_id"] == ids["Runner"] and payload[0]["url"] == "https://runner.example/"
    assert payload[0]["feed_url"] == "https://runner.example/feed"
    assert [item["score"] for item in payload] == sorted((item["score"] for item in payload), reverse=True)
    assert {"matched_terms", "best_posts", "on_topic_share", "comments_per_post", "sponsored_share",
            "posts_per_month", "last_post_at"} <= set(payload[0]["evidence"])


def test_rank_table_names_the_words_of_the_brief_it_left_out_and_the_json_does_not(runner, engine):
    ids = fill(engine)
    runner.invoke(args=["index"])
    with Session(engine) as session:
        create_niche(session, "Zorbrex", "We want bloggers who write about Zorbrex trail running")
        session.commit()
    table = runner.invoke(args=["rank", "Zorbrex", "--top", "1"])
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[-2:] == ["Left out of the match, as words of asking: we, want, bloggers, write.",
                                              "In no crawled post: Zorbrex."]
    result = runner.invoke(args=["rank", "Zorbrex", "--json", "--top", "1"])
    assert json.loads(result.stdout)[0]["blog_id"] == ids["Runner"] and result.stderr == ""


def test_rank_table_is_readable(runner, engine):
    fill(engine)
    result = runner.invoke(args=["rank", "Running"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["#", "score", "blogger"]
    assert lines[1].split()[0] == "1" and "Runner" in lines[1]
    assert "terms:" in result.stdout and "best:" in result.stdout
    assert "1 without posts yet were not ranked" in result.stdout


def test_rank_unknown_niche_and_empty_database(runner, engine):
    result = runner.invoke(args=["rank", "Nope"])
    assert result.exit_code == 1 and "Error: no niche named 'Nope'" in result.output
    assert "Traceback" not in result.output
    with Session(engine) as session:
        create_niche(session, "Running", "running")
        session.commit()
    empty = runner.invoke(args=["rank", "Running", "--json"])
    assert empty.exit_code == 0
    assert json.loads(empty.stdout) == []
    assert "No blogs yet" in empty.stderr


def test_index_command_builds_then_updates(runner, engine, app, tmp_path):
    fill(engine)
    first = runner.invoke(args=["index"])
    assert first.exit_code == 0 and first.output.startswith("Index built: 32 posts from 5 blogs")
    again = runner.invoke(args=["index"])
    assert again.output.startswith("Index already up to date")
    rebuilt = runner.invoke(args=["index", "--rebuild"])
    assert rebuilt.output.startswith("Index built")


def test_similar_command(runner, engine):
    ids = fill(engine)
    result = runner.invoke(args=["similar", str(ids["Runner"]), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload[0]["blog_id"] == ids["Mixed"]
    assert ids["Runner"] not in [item["blog_id"] for item in payload]
    missing = runner.invoke(args=["similar", "999999"])
    assert (missing.exit_code, missing.output) == (1, "Error: no blog with id 999999\n")


def test_bad_briefs_get_clear_messages_and_never_a_traceback(runner, engine):
    fill(engine)
    assert runner.invoke(args=["index"]).exit_code == 0
    for brief, message in (("  ", "Error: the brief is empty"),
                           ("We want bloggers who write honest reviews", "Error: the brief names no subject")):
        refused = runner.invoke(args=["niche", "add", "Asking", "--brief", brief])
        assert refused.exit_code == 1 and message in refused.output and "Traceback" not in refused.output
    from outreach.core.models import Blog

    with Session(engine) as session:
        for blog in session.exec(select(Blog)):
            blog.language = "en"
        session.commit()
    foreign = runner.invoke(args=["niche", "add", "Laufen", "--brief", "Laufschuhe und Bergläufe"])
    assert foreign.exit_code == 0, foreign.output
    assert "Note: None of the words of the niche 'Laufen' occur in any crawled post" in foreign.stderr
    assert "The blogs write in English (5)." in foreign.stderr
    ranked = runner.invoke(args=["rank", "Laufen"])
    assert "Is the brief in the language the blogs write in?" in ranked.stderr and "English (5)" in ranked.stderr
    ranking = runner.invoke(args=["rank", "Laufen", "--json"])
    assert ranking.exit_code == 0 and json.loads(ranking.stdout) == []
    assert "Is the brief in the language the blogs write in?" in ranking.stderr
    table = runner.invoke(args=["rank", "Laufen"])
    assert table.exit_code == 0 and "(not found: Laufschuhe, und, Bergläufe)" in table.stderr
    assert "Traceback" not in table.output
    known = runner.invoke(args=["niche", "add", "Trails", "--brief", "trail running"])
    assert known.exit_code == 0 and "Note:" not in known.stderr
    german = runner.invoke(args=["niche", "add", "Bergläufe", "--brief",
                                 "Wir suchen Blogger, die über Trail Running und Marathon Training schreiben"])
    assert german.exit_code == 0 and "None of the words" not in german.stderr  # running, marathon match
    assert "Note: The brief is written in German, which none of the blogs writes in" in german.stderr


def test_another_database_with_the_same_instance_folder_ranks_from_its_own_index(app, engine, other_database_url):
    from outreach import create_app
    from outreach.core.db import make_engine

    fill(engine)
    assert app.test_cli_runner().invoke(args=["rank", "Running"]).exit_code == 0  # builds the first index
    other_engine = make_engine(other_database_url)
    with Session(other_engine) as session:
        collection = Collection(session)
        collection.blog("Knitter", ["knitting"] * 8, days_ago_last=0)
        collection.blog("Cook", ["cooking"] * 8, days_ago_last=0)
        create_niche(session, "Knitting", "knitting with wool and yarn")
        session.commit()
    other_engine.dispose()
    other = create_app({"TESTING": True, "DATABASE_URL": other_database_url, "SECRET_KEY": "test secret key",
                        "INSTANCE_PATH": app.instance_path})  # the same folder, another database
    result = other.test_cli_runner().invoke(args=["rank", "Knitting", "--json"])
    assert result.exit_code == 0, result.output
    assert "No post matches" not in result.stderr and "None of the words" not in result.stderr
    assert json.loads(result.stdout)[0]["name"] == "Knitter"
    back = app.test_cli_runner().invoke(args=["rank", "Running", "--json"])  # its own generation, fetched again
    assert json.loads(back.stdout)[0]["name"] == "Runner" and "building" not in back.stderr
    other.extensions["outreach.engine"].dispose()


def test_a_niche_may_look_for_new_blogs_on_its_own(runner, engine):
    added = runner.invoke(args=["niche", "add", "Trails", "--brief", "trail running", "--discover-every", "7"])
    assert added.exit_code == 0, added.output
    assert "New blogs:  looked for every 7 days" in runner.invoke(args=["niche", "show", "Trails"]).output
    assert runner.invoke(args=["niche", "edit", "Trails", "--discover-every", "0"]).exit_code == 0
    assert "New blogs:  looked for when asked" in runner.invoke(args=["niche", "show", "Trails"]).output
    refused = runner.invoke(args=["niche", "edit", "Trails", "--discover-every", "400"])
    assert refused.exit_code == 2 and "400 is not in the range 0<=x<=365" in refused.output


def test_marking_blogs_a_good_fit_or_not_from_the_command_line(runner, engine):
    ids = fill(engine)
    before = {item["name"]: item["score"] for item in json.loads(runner.invoke(args=["rank", "Running", "--json"]).stdout)}
    result = runner.invoke(args=["niche", "fit", "Running", str(ids["Mixed"]), "--not-a-fit"])
    assert result.exit_code == 0 and "1 blog marked not a fit for 'Running'." in result.output
    assert runner.invoke(args=["niche", "fit", "Running", str(ids["Runner"]), "--good"]).exit_code == 0
    shown = runner.invoke(args=["niche", "show", "Running"]).output
    assert "Marked:     2" in shown
    assert f"blog {ids['Runner']} Runner's blog (good fit)" in shown and f"blog {ids['Mixed']} Mixed's blog (not a fit)" in shown
    marked = {item["name"]: item for item in json.loads(runner.invoke(args=["rank", "Running", "--json"]).stdout)}
    assert marked["Mixed"]["score"] < before["Mixed"]  # the ranking leans away from what it writes
    assert (marked["Mixed"]["fit"], marked["Runner"]["fit"], marked["Cook"]["fit"]) == (False, True, None)
    assert "marked not a fit" in runner.invoke(args=["rank", "Running"]).output
    # Bad input: a clear message, nothing changed.
    missing = runner.invoke(args=["niche", "fit", "Running", "99999", "--good"])
    assert missing.exit_code != 0 and "no blog has id 99999" in missing.output and "Traceback" not in missing.output
    assert "say --good, --not-a-fit or --clear" in runner.invoke(args=["niche", "fit", "Running", "1"]).output
    cleared = runner.invoke(args=["niche", "fit", "Running", str(ids["Mixed"]), str(ids["Runner"]), "--clear"])
    assert "2 blogs cleared for 'Running'." in cleared.output
    assert "Marked:     -" in runner.invoke(args=["niche", "show", "Running"]).output


def test_rank_within_one_language_scores_as_among_all(runner, engine):
    from outreach.core.models import Blog

    ids = fill(engine)
    with Session(engine) as session:
        for name, code in (("Runner", "en"), ("Mixed", "de"), ("Cook", "de")):
            session.get(Blog, ids[name]).language = code
        session.commit()
    every = json.loads(runner.invoke(args=["rank", "Running", "--json"]).stdout)
    german = runner.invoke(args=["rank", "Running", "--json", "--language", "DE"])
    assert german.exit_code == 0, german.output
    scores = {item["blog_id"]: item["score"] for item in every}
    assert [(item["blog_id"], item["score"]) for item in json.loads(german.stdout)] == [
        (blog_id, scores[blog_id]) for blog_id in scores if blog_id in (ids["Mixed"], ids["Cook"])]
    none = runner.invoke(args=["rank", "Running", "--language", "fr"])
    assert none.exit_code == 0 and "No blog writing in French ranks for niche 'Running'." in none.output
    bad = runner.invoke(args=["rank", "Running", "--language", "<b>"])
    assert bad.exit_code == 2 and "is not a language code" in bad.output and "Traceback" not in bad.output
