"""Quality of "bloggers like this one" (`scoring.similar_bloggers`, the profile page and
`outreach similar`): do a blog's lookalikes write about what it writes about?

Each query is a blog with a clear subject, and the other blogs' gains are their share of
that subject:
- BBC: every blog with at least 75% of its posts in one category; a lookalike's gain is
  its share of posts in that category.
- Blog Authorship, judged: every blogger judged 2 (a recurring subject) for a niche; a
  lookalike's gain is its own judgment for that niche (unjudged: 0).

Ours beside, in the same run on the same index: its two parts alone, the words (the
blogs' TF-IDF profiles, cosine: the lookalikes before they had a meaning part) and the
meaning (the WordLlama centroid of the blogs' recent posts, cosine). Mean nDCG@10 over
the queries, and the worst tenth. Then the meaning's weight in the blend
(calibrate.LOOKALIKE_MEANING_WEIGHT) from 0 to 1, and the weight each corpus would get
from the other (leave one corpus out). Posts are inserted directly (no crawler).

    python bench/lookalikes.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpora import authorship_corpus, authorship_judgments, bbc_corpus  # noqa: E402
from metrics import evaluate  # noqa: E402
from relevance import insert_into  # noqa: E402
from sqlmodel import Session  # noqa: E402

from outreach.core.db import make_engine, upgrade_schema  # noqa: E402
from scoring import calibrate, current_index, refresh_index, similar_bloggers  # noqa: E402

CLEAR_SUBJECT = 0.75  # a BBC blog with this share of its posts in one category is a query
WEIGHTS = [round(weight, 1) for weight in np.arange(0.0, 1.01, 0.1)]


def bbc_queries(corpus) -> list[tuple[str, dict[str, float]]]:
    queries = []
    for blogger in corpus.bloggers:
        category, share = max(blogger.labels.items(), key=lambda item: item[1])
        if share >= CLEAR_SUBJECT:
            queries.append((blogger.key, {b.key: b.labels[category] for b in corpus.bloggers}))
    return queries


def judged_queries(corpus) -> list[tuple[str, dict[str, float]]]:
    everyone = {b.key: 0.0 for b in corpus.bloggers}
    return [(key, {**everyone, **gains}) for gains in authorship_judgments().values()
            for key, gain in gains.items() if gain == 1.0 and key in everyone]


def part_alone(index, row: int, part: str) -> np.ndarray:
    """One part of the lookalike score, unscaled: the profiles' cosine, or the meaning centroids'."""
    windows = index.windows
    if part == "meaning":
        return windows.meanings @ windows.meanings[row]
    norms = np.where(windows.profile_norms > 0, windows.profile_norms, np.inf)
    return np.asarray((windows.profiles @ windows.profiles[row].T).todense()).ravel() / (norms * norms[row])


def measure(name: str, corpus, queries, workdir: Path) -> dict[float, float]:
    """Print ours and its parts alone; return the mean nDCG@10 at each meaning weight."""
    engine = make_engine(f"sqlite:///{workdir / (name + '.sqlite')}")
    upgrade_schema(engine)
    keys = insert_into(engine, corpus)
    with Session(engine) as session:
        refresh_index(session, workdir / f"{name}-index", rebuild=True)
        index = current_index(session, workdir / f"{name}-index")
    engine.dispose()
    row_keys = [keys[int(blog_id)] for blog_id in index.blogs.blog_ids]
    row_of = {key: row for row, key in enumerate(row_keys)}
    key_of_blog = {int(blog_id): key for blog_id, key in keys.items()}
    results: dict[str, list[float]] = {"ours": [], "words alone (before)": [], "meaning alone": []}
    curve: dict[float, list[float]] = {weight: [] for weight in WEIGHTS}
    for key, gains in queries:
        row = row_of[key]
        gains = {other: gain for other, gain in gains.items() if other != key}
        ours = similar_bloggers(index, int(index.blogs.blog_ids[row]), top=10)
        results["ours"].append(evaluate([key_of_blog[b.blog_id] for b in ours.bloggers], gains)["nDCG@10"])
        others = index.windows.sizes > 0
        others[row] = False
        candidates = np.flatnonzero(others)

        def top_ten(scores: np.ndarray) -> list[str]:
            return [row_keys[r] for r in candidates[np.argsort(-scores[candidates], kind="stable")][:10]]

        words, meaning = (part_alone(index, row, part) for part in ("words", "meaning"))
        results["words alone (before)"].append(evaluate(top_ten(words), gains)["nDCG@10"])
        results["meaning alone"].append(evaluate(top_ten(meaning), gains)["nDCG@10"])
        words, meaning = calibrate.closeness(words, others), calibrate.closeness(meaning, others)
        for weight in WEIGHTS:  # as similar_bloggers blends them
            curve[weight].append(evaluate(top_ten((1 - weight) * words + weight * meaning), gains)["nDCG@10"])
    print(f"{name}: {len(queries)} query blogs, nDCG@10 of their 10 lookalikes")
    for label, values in results.items():
        print(f"  {label:<22} mean {np.mean(values):.3f}   worst tenth {np.percentile(values, 10):.3f}")
    means = {weight: float(np.mean(values)) for weight, values in curve.items()}
    print("  meaning weight " + " ".join(f"{weight}:{mean:.3f}" for weight, mean in means.items()))
    return means


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="outreach-lookalikes-") as folder:
        bbc = bbc_corpus()
        authorship = authorship_corpus()
        curves = {"BBC": measure("bbc", bbc, bbc_queries(bbc), Path(folder)),
                  "Blog Authorship": measure("blog-authorship-judged", authorship, judged_queries(authorship),
                                             Path(folder))}
    for name, curve in curves.items():
        other = next(curve for other, curve in curves.items() if other != name)
        weight = max(WEIGHTS, key=lambda w: (other[w], -w))
        print(f"{name}: the weight best on the other corpus, {weight}, gives {curve[weight]:.3f} here")
    print(f"shipped: {calibrate.LOOKALIKE_MEANING_WEIGHT}")


if __name__ == "__main__":
    main()
