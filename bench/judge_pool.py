"""The pool of Blog Authorship bloggers to judge by hand, from several rankers' top results.

For each of the 16 niche briefs, every blogger is ranked by three rankers on the posts
the relevance benchmark uses: ours (`scoring.rank_niche` on an index built as
bench/relevance.py builds it), a plain TF-IDF blogger centroid, and the
all-MiniLM-L6-v2 blogger centroid (the `embeddings` extra). The top DEPTH of each are
pooled. The pool file holds blogger ids only, shuffled with a fixed seed, so that the
judge sees no ranker, score or order; which ranker pooled whom goes to a separate file
that is not opened while judging.

    python bench/judge_pool.py            # writes bench/judgments/blog_authorship_pool*.{tsv,json}
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

from baselines import dense_available, dense_centroid_scores, tfidf_centroid_scores  # noqa: E402
from corpora import authorship_corpus  # noqa: E402
from relevance import insert_into, stored_posts  # noqa: E402
from sqlmodel import Session  # noqa: E402

from outreach.core.db import make_engine, upgrade_schema  # noqa: E402
from outreach.core.niches import create_niche, get_niche, niche_spec  # noqa: E402
from scoring import current_index, rank_niche, refresh_index  # noqa: E402

JUDGMENTS = Path(__file__).resolve().parent / "judgments"
POOL = JUDGMENTS / "blog_authorship_pool.tsv"
SOURCES = JUDGMENTS / "blog_authorship_pool_sources.json"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=DEPTH)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="outreach-pool-") as workdir:
        ranked = rankings(Path(workdir))
    sources: dict[str, dict[str, list[str]]] = {}  # niche -> blogger -> rankers
    for ranker, by_niche in ranked.items():
        for niche, order in by_niche.items():
            for blogger in order[:args.depth]:
                sources.setdefault(niche, {}).setdefault(blogger, []).append(ranker)
    pool = sorted({b for by_blogger in sources.values() for b in by_blogger}, key=int)
    random.Random(SEED).shuffle(pool)
    JUDGMENTS.mkdir(exist_ok=True)
    POOL.write_text("blogger_id\n" + "".join(f"{b}\n" for b in pool), encoding="utf-8")
    SOURCES.write_text(json.dumps({"depth": args.depth, "rankers": list(ranked), "pooled_by": sources},
                                  indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(pool)} bloggers pooled from {', '.join(ranked)} at depth {args.depth}")


if __name__ == "__main__":
    main()
