"""Speed benchmark of the ranking: 200,000 posts from 20,000 bloggers.

Posts are resampled from the evaluation corpora (each synthetic blogger draws its posts
from one real blogger or one BBC category, so topics stay coherent) and written to a
SQLite database. Then, in a fresh process so that peak memory is the index's own:
the index is built from the database (the real path), 20 new niches are ranked (median
time, index in memory, evidence for the top 50 included), and the naive baseline
refits TF-IDF on every post for each query, in the same run.

    python bench/rank_speed.py [--bloggers 20000] [--posts-per-blogger 10] [--naive-queries 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MS, TARGET_RATIO, TARGET_MEMORY_MB = 300, 20, 2048


def make_database(path: Path, bloggers: int, per_blogger: int, seed: int = 7) -> None:
    """Write `bloggers` x `per_blogger` resampled posts into a fresh SQLite database."""
    from corpora import authorship_corpus, bbc_corpus
    from sqlalchemy import insert
    from sqlmodel import Session

    from outreach.core.db import make_engine, upgrade_schema
    from outreach.core.models import Blog, Blogger, Post

    rng = random.Random(seed)
    sources = [[(p.title, p.text, p.published_at) for p in b.posts] for b in authorship_corpus(40).bloggers]
    bbc = bbc_corpus()
    sources += [[(p.title, p.text, p.published_at) for p in b.posts] for b in bbc.bloggers]
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    with Session(engine) as session:
        session.execute(insert(Blogger), [{"id": i + 1, "name": f"Blogger {i}"} for i in range(bloggers)])
        session.execute(insert(Blog), [
            {"id": i + 1, "feed_url": f"http://speed.invalid/{i}/feed", "homepage_url": f"http://speed.invalid/{i}/",
             "title": f"Blog {i}", "blogger_id": i + 1} for i in range(bloggers)])
        batch = []
        for blog in range(bloggers):
            source = rng.choice(sources)
            for number in range(per_blogger):
                title, text, published = rng.choice(source)
                batch.append({
                    "blog_id": blog + 1, "key": f"{blog}-{number}", "url": f"http://speed.invalid/{blog}/{number}",
                    "title": title, "published_at": published + timedelta(days=rng.randint(0, 60)),
                    "text": text, "content_hash": f"{blog}-{number}", "tags": [],
                    "comment_count": rng.randint(0, 20),
                })
            if len(batch) >= 20_000:
                session.execute(insert(Post), batch)
                batch.clear()
        if batch:
            session.execute(insert(Post), batch)
        session.commit()
    engine.dispose()


def measure(database: Path, naive_queries: int, results) -> None:
    """Runs in a fresh process: index build, ranking, peak memory, naive baseline."""
    import numpy as np
    from corpora import AUTHORSHIP_BRIEFS, BBC_BRIEFS
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize
    from sqlalchemy import select
    from sqlmodel import Session

    from outreach.core.db import make_engine
    from outreach.core.models import IndexState, Post
    from scoring import NicheSpec, current_index, rank_niche, refresh_index
    from scoring.index import latent_space

    engine = make_engine(f"sqlite:///{database}")
    briefs = list(AUTHORSHIP_BRIEFS.items()) + list(BBC_BRIEFS.items())[:4]
    folder = Path(tempfile.mkdtemp(prefix="outreach-speed-index-"))
    started = time.perf_counter()
    with Session(engine) as session:  # what a crawl worker does: build, then publish in the database
        report = refresh_index(session, folder / "crawl-host", rebuild=True)
    build_seconds = time.perf_counter() - started
    with Session(engine) as session:
        published_mb = session.get(IndexState, 1).size / 2**20
        started = time.perf_counter()  # what a web worker on another host does once per generation
        index = current_index(session, folder / "web-host")
        fetch_seconds = time.perf_counter() - started
    started = time.perf_counter()
    latent_dims = index.config.latent_dims or 100  # timed even when the ranking leaves it off
    latent_space(index.posts.matrix, latent_dims)
    latent_seconds = time.perf_counter() - started
    rank_niche(index, NicheSpec("warm-up", "warm up"), top=50)  # first call builds the term list
    timings = []
    for name, brief in briefs:
        started = time.perf_counter()
        ranking = rank_niche(index, NicheSpec(name, brief), top=50)
        timings.append(time.perf_counter() - started)
        assert ranking.bloggers, name
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.update(lookalikes(index))
    results.update(placing(index, briefs))
    results.update(posts=len(index.posts), blogs=len(index.blogs), vocabulary=index.vocabulary_size,
                   build_s=build_seconds, latent_s=latent_seconds, latent_dims=latent_dims,
                   latent_on=index.config.latent_dims > 0, published_mb=published_mb,
                   fetch_s=fetch_seconds, build_action=report.action,
                   rank_median_ms=1000 * statistics.median(timings), rank_max_ms=1000 * max(timings),
                   peak_mb=peak_mb)
    del index
    results.update(update_of_new_posts(engine, folder))
    shutil.rmtree(folder, ignore_errors=True)

    with Session(engine) as session:
        rows = session.execute(select(Post.blog_id, Post.title, Post.text)).all()
    blog_ids = np.array([row[0] for row in rows])
    texts = [f"{row[1]}. {row[2]}" for row in rows]
    naive = []
    for name, brief in briefs[:naive_queries]:
        started = time.perf_counter()
        vectorizer = TfidfVectorizer(stop_words="english")  # refitted for every query
        matrix = vectorizer.fit_transform(texts)
        from scipy import sparse

        member = sparse.csr_matrix((np.ones(len(blog_ids)), (blog_ids - 1, np.arange(len(blog_ids)))))
        scores = (normalize(member @ matrix) @ normalize(vectorizer.transform([brief])).T).toarray().ravel()
        np.argsort(-scores)[:50]
        naive.append(time.perf_counter() - started)
    results.update(naive_median_ms=1000 * statistics.median(naive), naive_queries=len(naive))
    engine.dispose()


def lookalikes(index, blogs: int = 20) -> dict:
    """"Bloggers like this one" (the profile page, once per channel): the median time of one
    call, for blogs spread over the collection."""
    from scoring import similar_bloggers

    step = max(1, len(index.blogs) // blogs)
    timings = []
    for row in range(0, len(index.blogs), step)[:blogs]:
        started = time.perf_counter()
        similar_bloggers(index, int(index.blogs.blog_ids[row]), top=10)
        timings.append(time.perf_counter() - started)
    return {"lookalike_median_ms": 1000 * statistics.median(timings), "lookalike_calls": len(timings)}


def placing(index, briefs, candidates: int = 10, posts: int = 10) -> dict:
    """What the crawl tick does for the candidates it read (outreach.jobs.discovery): their posts
    (copies of stored texts) placed in every niche's ranking at once; the seconds that took,
    beside one niche ranked, and the memory it added."""
    from scoring import NicheSpec, place_outside
    from scoring.records import BlogRecord, PostRecord

    now = datetime.now(timezone.utc)
    outside = {
        n: (BlogRecord(0, f"candidate {n}", f"http://candidate{n}.invalid/", ""),
            [PostRecord(0, 0, index.posts.titles[row], "", now - timedelta(days=7 * m), index.posts.titles[row], None, 0)
             for m, row in enumerate(range(n * 977, n * 977 + posts))])
        for n in range(candidates)}
    specs = {n: NicheSpec(name, brief) for n, (name, brief) in enumerate(briefs)}
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    placed = place_outside(index, outside, specs)
    seconds = time.perf_counter() - started
    assert placed, "no candidate placed"
    return {"place_s": seconds, "place_niches": len(specs), "place_candidates": candidates,
            "place_extra_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before}


def update_of_new_posts(engine, folder: Path, new_posts: int = 100) -> dict:
    """A crawl's 100 new posts (copies of stored texts, on 100 blogs) taken into the index and
    published, then fetched by the other host: the seconds each took."""
    from sqlalchemy import insert, select
    from sqlmodel import Session

    from outreach.core.models import Post, utcnow
    from scoring import current_index, refresh_index

    with Session(engine) as session:
        rows = session.execute(select(Post.blog_id, Post.title, Post.text).limit(new_posts * 37)).all()[::37]
        session.execute(insert(Post), [
            {"blog_id": blog_id, "key": f"new-{n}", "url": f"http://speed.invalid/new/{n}", "title": title,
             "published_at": utcnow(), "text": f"{text} (again)", "content_hash": f"new-{n}", "tags": []}
            for n, (blog_id, title, text) in enumerate(rows)])
        session.commit()
        started = time.perf_counter()
        report = refresh_index(session, folder / "crawl-host")
        update_seconds = time.perf_counter() - started
        started = time.perf_counter()
        current_index(session, folder / "web-host")
        refetch_seconds = time.perf_counter() - started
    return {"update_action": report.action, "update_added": report.added, "update_s": update_seconds,
            "refetch_s": refetch_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bloggers", type=int, default=20_000)
    parser.add_argument("--posts-per-blogger", type=int, default=10)
    parser.add_argument("--naive-queries", type=int, default=3,
                        help="queries timed for the naive baseline (each refits on every post)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="outreach-speed-") as folder:
        database = Path(folder) / "speed.sqlite"
        started = time.perf_counter()
        make_database(database, args.bloggers, args.posts_per_blogger)
        print(f"database of {args.bloggers * args.posts_per_blogger} posts written in "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
        context = multiprocessing.get_context("spawn")
        with context.Manager() as manager:
            results = manager.dict()
            process = context.Process(target=measure, args=(database, args.naive_queries, results))
            process.start()
            process.join()
            if process.exitcode != 0:
                sys.exit(f"measuring process failed with exit code {process.exitcode}")
            r = dict(results)
    ratio = r["naive_median_ms"] / r["rank_median_ms"]
    print(f"posts {r['posts']}, blogs {r['blogs']}, vocabulary {r['vocabulary']}")
    latent = "of which" if r["latent_on"] else "not included (off):"
    print(f"index build and publish ({r['build_action']}, from the database): {r['build_s']:.1f} s; published "
          f"{r['published_mb']:.0f} MB; fetched and loaded by another host in {r['fetch_s']:.1f} s")
    print(f"latent space of {r['latent_dims']} dimensions, {latent} {r['latent_s']:.1f} s")
    print(f"a crawl of 100 new posts: index {r['update_action']} (+{r['update_added']}) and published in "
          f"{r['update_s']:.1f} s; fetched and loaded by the other host in {r['refetch_s']:.1f} s")
    print(f"rank a new niche (median of 20, top 50 with evidence): {r['rank_median_ms']:.0f} ms "
          f"(max {r['rank_max_ms']:.0f} ms; target < {TARGET_MS} ms)")
    print(f"naive baseline, refit TF-IDF per query (median of {r['naive_queries']}): {r['naive_median_ms']:.0f} ms")
    print(f"speed-up: {ratio:.0f} x (target >= {TARGET_RATIO} x)")
    print(f"peak memory (build + ranking, maxrss): {r['peak_mb']:.0f} MB (target < {TARGET_MEMORY_MB} MB)")
    print(f"bloggers like this one (median of {r['lookalike_calls']} blogs, top 10): {r['lookalike_median_ms']:.0f} ms "
          f"a channel, against {r['rank_median_ms']:.0f} ms to rank a niche")
    print(f"{r['place_candidates']} discovered candidates of 10 posts placed in {r['place_niches']} niches' rankings: "
          f"{r['place_s']:.1f} s ({1000 * r['place_s'] / r['place_niches']:.0f} ms a niche, against "
          f"{r['rank_median_ms']:.0f} ms to rank one); peak memory +{r['place_extra_mb']:.0f} MB")


if __name__ == "__main__":
    main()
