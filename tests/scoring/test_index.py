"""The saved index: it reloads without refitting and takes new posts incrementally."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from scoring import IndexMissing, NicheSpec, current_index, load_index, rank_niche, refresh_index
from tests.factories import NOW

RUNNING = NicheSpec("Running", "trail running and marathon races")


def test_saved_index_reloads_and_ranking_never_refits(background, tmp_path):
    background.blog("Runner", ["running"] * 10)
    directory = tmp_path / "index"
    assert refresh_index(background.session, directory).action == "built"
    stamps = {path.name: path.stat().st_mtime_ns for path in directory.iterdir()}
    index = load_index(directory)
    vocabulary = dict(index.vectorizer.vocabulary_)
    idf = index.vectorizer.idf_.copy()
    fitted_at = index.fitted_at
    ranking = rank_niche(index, RUNNING, now=NOW)
    assert ranking.bloggers[0].name == "Runner"
    assert index.vectorizer.vocabulary_ == vocabulary
    assert np.array_equal(index.vectorizer.idf_, idf)
    assert index.fitted_at == fitted_at
    assert refresh_index(background.session, directory).action == "unchanged"
    assert {path.name: path.stat().st_mtime_ns for path in directory.iterdir()} == stamps
    # The loaded copy is the same object until the database publishes another generation.
    assert current_index(background.session, directory) is current_index(background.session, directory)


def test_refresh_appends_new_posts_without_refitting(background, tmp_path):
    directory = tmp_path / "index"
    refresh_index(background.session, directory)
    before = load_index(directory)
    newcomer = background.blog("Newcomer", ["knitting"] * 4, days_ago_last=0)
    report = refresh_index(background.session, directory)
    assert report.action == "updated" and report.added == 4
    after = load_index(directory)
    assert after.fitted_at == before.fitted_at  # same vectoriser, posts appended
    assert len(after.posts) == len(before.posts) + 4
    knitting = NicheSpec("Knitting", "knitting with wool and yarn")
    assert newcomer.id in [b.blog_id for b in rank_niche(after, knitting, now=NOW, top=5).bloggers]


def test_refresh_refits_when_new_posts_bring_new_words(background, tmp_path):
    directory = tmp_path / "index"
    refresh_index(background.session, directory)
    runner = background.blog("Runner", ["running"] * 4)
    assert refresh_index(background.session, directory).action == "built"
    assert rank_niche(load_index(directory), RUNNING, now=NOW).bloggers[0].blog_id == runner.id


def test_refresh_drops_changed_and_deleted_posts(background, tmp_path):
    blog = background.blog("Runner", ["running"] * 4)
    directory = tmp_path / "index"
    refresh_index(background.session, directory)
    post = background.post(blog, "cooking", NOW - timedelta(days=50))
    background.session.commit()
    refresh_index(background.session, directory)
    background.session.delete(post)
    background.session.commit()
    report = refresh_index(background.session, directory)
    assert report.action == "updated" and report.removed == 1
    assert post.id not in load_index(directory).posts.post_ids


def test_refresh_refits_after_large_changes(collection, tmp_path):
    collection.blog("Runner", ["running"] * 4)
    directory = tmp_path / "index"
    refresh_index(collection.session, directory)
    collection.blog("Cook", ["cooking"] * 10)
    report = refresh_index(collection.session, directory)
    assert report.action == "built"
    assert "recip" in load_index(directory).vectorizer.vocabulary_


def test_missing_or_broken_index_has_a_clear_message(tmp_path):
    with pytest.raises(IndexMissing, match="run `outreach index`"):
        load_index(tmp_path / "nowhere")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "manifest.json").write_text("{not json")
    with pytest.raises(IndexMissing, match="unreadable"):
        load_index(tmp_path / "broken")


def test_a_local_copy_of_an_older_version_is_refused_and_fetched_again(background, tmp_path):
    import json

    from scoring.store import FORMAT_VERSION, MANIFEST

    background.blog("Runner", ["running"] * 10)
    directory = tmp_path / "index"
    refresh_index(background.session, directory)
    manifest = json.loads((directory / MANIFEST).read_text())
    manifest["format_version"] = FORMAT_VERSION - 1
    (directory / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexMissing, match="another version"):
        load_index(directory)
    assert rank_niche(current_index(background.session, directory), RUNNING, now=NOW).bloggers[0].name == "Runner"
    assert json.loads((directory / MANIFEST).read_text())["format_version"] == FORMAT_VERSION
    assert refresh_index(background.session, directory).action == "unchanged"


def test_two_processes_saving_the_index_at_once_both_succeed(background, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from scoring.store import save_index

    background.blog("Runner", ["running"] * 10)
    directory = tmp_path / "index"
    refresh_index(background.session, directory)
    index = load_index(directory)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(save_index, index, directory) for _ in range(12)]:
            future.result()  # a clash with the other writer is no error: the last one wins
    assert rank_niche(load_index(directory), RUNNING, now=NOW).bloggers[0].name == "Runner"
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith(".index")]  # nothing left aside


def test_a_word_one_blogger_keeps_using_weighs_more_than_one_many_use_once():
    from datetime import datetime, timezone

    from scoring.index import build_index
    from scoring.records import BlogRecord, PostRecord

    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    blogs = [BlogRecord(number, f"Blog {number}", f"https://b{number}.example/", "") for number in range(1, 11)]
    posts = []
    for number in range(10):
        # "zither" in ten posts of blog 1; "oboe" in ten posts, one in each blog.
        posts.append(PostRecord(len(posts) + 1, 1, "", "", moment, f"zither music evening {number}", None, 0))
        posts.append(PostRecord(len(posts) + 1, number + 1, "", "", moment, f"oboe music morning {number}", None, 0))
    index = build_index(blogs, posts)
    idf = dict(zip(index.vectorizer.get_feature_names_out(), index.vectorizer.idf_))
    zither, oboe = (index.vectorizer.analyzer(word)[0] for word in ("zither", "oboe"))
    assert idf[zither] > idf[oboe]  # the same number of posts, but one blogger
    # Posts added later are weighed with the same IDF as those in the fit.
    vector = index.vectorizer.transform(["zither"]).toarray()[0]
    assert vector.max() == pytest.approx(1.0)
    row = list(index.posts.post_ids).index(1)
    column = index.vectorizer.vocabulary_[zither]
    assert index.posts.matrix[row, column] == pytest.approx(
        index.vectorizer.transform(["zither music evening 0"]).toarray()[0][column], abs=1e-5)


def test_a_latent_space_is_kept_with_the_index_and_joins_words_that_keep_company(background, tmp_path):
    from scoring import IndexConfig, build_query, current_index

    background.blog("Runner", ["running"] * 10)
    directory = tmp_path / "index"
    refresh_index(background.session, directory, IndexConfig(latent_dims=8))
    index = current_index(background.session, directory)
    assert index.latent is not None and index.latent.shape == (8, index.vocabulary_size)
    spec = NicheSpec("Marathons", "marathon")
    plain, joined = build_query(index, spec, latent_weight=0.0), build_query(index, spec)
    hill = index.vectorizer.vocabulary_["hill"]  # in running posts, never in the brief
    assert plain.vector[hill] == 0 and joined.vector[hill] > 0
    ranking = rank_niche(index, spec, now=NOW)
    assert ranking.bloggers[0].name == "Runner"
    assert ranking.bloggers[0].evidence.matched_terms[0]["term"] == "marathon"  # the niche's own word first
