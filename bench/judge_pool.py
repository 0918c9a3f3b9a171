"""The pool of Blog Authorship bloggers to judge by hand, from several rankers' top results.

For each of the 16 niche briefs, every blogger is ranked by three rankers on the posts
the relevance benchmark uses: ours (`scoring.rank_niche` on an index built as
bench/relevance.py builds it), a plain TF-IDF blogger centroid, and the
all-MiniLM-L6-v2 blogger centroid (the `embeddings` extra). The top DEPTH of each are
pooled. The pool file holds blogger ids only, shuffled with a fixed seed, so that the
judge sees no ranker, score or order; which ranker pooled whom goes to a separate file
that is not opened while judging.

    python bench/judge_pool.py            # writes bench/judgments/blog_authorship_pool*.{tsv,json}
    python bench/judge_pool.py --latent   # a second round: the latent rankers' top bloggers not
                                          # yet judged, to blog_authorship_pool2.tsv
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baselines import dense_available, dense_centroid_scores, lsa_centroid_scores, tfidf_centroid_scores  # noqa: E402
from corpora import authorship_corpus  # noqa: E402
from relevance import insert_into, stored_posts  # noqa: E402
from sqlmodel import Session  # noqa: E402

from outreach.core.db import make_engine, upgrade_schema  # noqa: E402
from outreach.core.niches import NicheSpec, create_niche, get_niche, niche_spec  # noqa: E402
from scoring import IndexConfig, build_query, current_index, rank_bloggers, rank_niche, refresh_index  # noqa: E402

JUDGMENTS = Path(__file__).resolve().parent / "judgments"
POOL = JUDGMENTS / "blog_authorship_pool.tsv"
SOURCES = JUDGMENTS / "blog_authorship_pool_sources.json"
LATENT_POOL = JUDGMENTS / "blog_authorship_pool2.tsv"
LATENT_SOURCES = JUDGMENTS / "blog_authorship_pool2_sources.json"
LATENT_WEIGHTS = (0.0, 0.5, 1.0)  # the latent shadow of the brief: none (ours today), halfway, whole
DEPTH = 20
SEED = 20261204


def corpus_id(key: str) -> str:
    """The corpus's blogger id of a benchmark key ('ba-1234' -> '1234')."""
    return key.removeprefix("ba-")


def rankings(workdir: Path) -> dict[str, dict[str, list[str]]]:
    """ranker -> niche -> blogger ids, best first, on the benchmark's stored posts."""
    corpus = authorship_corpus()
    engine = make_engine(f"sqlite:///{workdir / 'pool.sqlite'}")
    upgrade_schema(engine)
    keys = insert_into(engine, corpus)
    index_dir = workdir / "index"
    with Session(engine) as session:
        refresh_index(session, index_dir, rebuild=True)
        for niche in corpus.niches:
            create_niche(session, niche.name, niche.brief)
        session.commit()
        ours = {
            niche.name: [corpus_id(keys[b.blog_id]) for b in rank_niche(
                current_index(session, index_dir), niche_spec(session, get_niche(session, niche.name)), now=corpus.now).bloggers]
            for niche in corpus.niches
        }
    blog_ids, texts = stored_posts(engine)
    engine.dispose()
    briefs = [n.brief for n in corpus.niches]
    result = {"ours": ours}
    baselines = {"tfidf_centroid": tfidf_centroid_scores}
    if dense_available():
        baselines["minilm_centroid"] = dense_centroid_scores
    else:
        print("all-MiniLM-L6-v2 is not installed (the `embeddings` extra): pooling without it", file=sys.stderr)
    for name, scorer in baselines.items():
        blogs, scores = scorer(blog_ids, texts, briefs)
        result[name] = {
            niche.name: [corpus_id(keys[blogs[i]]) for i in np.argsort(-scores[:, column], kind="stable")]
            for column, niche in enumerate(corpus.niches)
        }
    return result


def latent_rankings(workdir: Path) -> dict[str, dict[str, list[str]]]:
    """ranker -> niche -> blogger ids, best first, for the latent rankers: LSA-150 alone, and
    ours with the brief joined by its shadow in a 100-dimension latent space of the posts."""
    corpus = authorship_corpus()
    engine = make_engine(f"sqlite:///{workdir / 'pool.sqlite'}")
    upgrade_schema(engine)
    keys = insert_into(engine, corpus)
    index_dir = workdir / "index"
    result: dict[str, dict[str, list[str]]] = {}
    with Session(engine) as session:
        refresh_index(session, index_dir, IndexConfig(latent_dims=100), rebuild=True)
        index = current_index(session, index_dir)
        for weight in LATENT_WEIGHTS:
            result[f"ours_latent_{weight}"] = {
                niche.name: [corpus_id(keys[b.blog_id]) for b in rank_bloggers(
                    index, build_query(index, NicheSpec(niche.name, niche.brief), latent_weight=weight),
                    top=DEPTH, now=corpus.now).bloggers]
                for niche in corpus.niches
            }
    blog_ids, texts = stored_posts(engine)
    engine.dispose()
    blogs, scores = lsa_centroid_scores(blog_ids, texts, [n.brief for n in corpus.niches])
    result["lsa150_centroid"] = {
        niche.name: [corpus_id(keys[blogs[i]]) for i in np.argsort(-scores[:, column], kind="stable")]
        for column, niche in enumerate(corpus.niches)
    }
    return result


def pooled(ranked: dict[str, dict[str, list[str]]], depth: int) -> dict[str, dict[str, list[str]]]:
    """niche -> blogger -> the rankers that put the blogger in their top `depth`."""
    sources: dict[str, dict[str, list[str]]] = {}
    for ranker, by_niche in ranked.items():
        for niche, order in by_niche.items():
            for blogger in order[:depth]:
                sources.setdefault(niche, {}).setdefault(blogger, []).append(ranker)
    return sources


def write_pool(path: Path, sources_path: Path, bloggers: set[str], depth: int, ranked: dict,
               sources: dict) -> None:
    """The pool shuffled (no ranker, score or order), and who pooled whom in a separate file."""
    pool = sorted(bloggers, key=int)
    random.Random(SEED).shuffle(pool)
    JUDGMENTS.mkdir(exist_ok=True)
    path.write_text("blogger_id\n" + "".join(f"{b}\n" for b in pool), encoding="utf-8")
    sources_path.write_text(json.dumps({"depth": depth, "rankers": list(ranked), "pooled_by": sources},
                                       indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(pool)} bloggers pooled from {', '.join(ranked)} at depth {depth}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=DEPTH)
    parser.add_argument("--latent", action="store_true",
                        help="pool the latent rankers' top bloggers that the first pool lacks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="outreach-pool-") as workdir:
        ranked = (latent_rankings if args.latent else rankings)(Path(workdir))
    sources = pooled(ranked, args.depth)
    bloggers = {b for by_blogger in sources.values() for b in by_blogger}
    if args.latent:
        judged = set(POOL.read_text(encoding="utf-8").split()[1:])
        write_pool(LATENT_POOL, LATENT_SOURCES, bloggers - judged, args.depth, ranked, sources)
    else:
        write_pool(POOL, SOURCES, bloggers, args.depth, ranked, sources)


if __name__ == "__main__":
    main()
