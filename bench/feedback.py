"""A person's marks on a ranking ("Good fit", "Not a fit"), measured on the blogs nobody marked.

For each niche the ranking is shown; the top N are marked as the judges graded them (a good
fit when every post or a recurring subject is on the niche: BBC share >= 0.5, judged grade 2;
not a fit when nothing is: gain 0; the rest left unmarked), and the niche is ranked again with
those marks (scoring.niche_query's GOOD_FIT_WEIGHT and POOR_FIT_WEIGHT, here over a grid).
The figure is nDCG@10 of the residual ranking: the blogs already seen are taken out of the
ranking and of the ideal order alike, as relevance feedback is measured (Salton and Buckley,
1990), so a mark earns nothing for putting back a blog the person has already seen.

    python bench/feedback.py                      # BBC and the judged Blog Authorship set
    python bench/feedback.py --shown 10 --briefs brand

Posts are inserted directly (no crawler), one index per corpus, as in bench/variants.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metrics import evaluate  # noqa: E402
from variants import judged_parts, load, ranked_keys, scores_of  # noqa: E402

from outreach.core.niches import NicheSpec  # noqa: E402
from scoring import build_query, niche_query  # noqa: E402

# (good fit weight, not a fit weight): none, each alone, both; the shipped pair is marked.
WEIGHTS = [(0.0, 0.0), (0.0, 0.25), (0.25, 0.0), (0.15, 0.25), (0.25, 0.25), (0.5, 0.25), (0.25, 0.5), (1.0, 0.25)]
GOOD = {"bbc": 0.5, "judged": 1.0, "judged-share": 1.0}  # the gain at which a seen blog is marked a good fit


@contextmanager
def fit_weights(good: float, poor: float):
    """Rank with these weights for the marks (scoring.niche_query)."""
    kept = niche_query.GOOD_FIT_WEIGHT, niche_query.POOR_FIT_WEIGHT
    niche_query.GOOD_FIT_WEIGHT, niche_query.POOR_FIT_WEIGHT = good, poor
    try:
        yield
    finally:
        niche_query.GOOD_FIT_WEIGHT, niche_query.POOR_FIT_WEIGHT = kept


def residual_ndcg(scores: np.ndarray, keys: list[str], has_posts: np.ndarray, gains: dict, seen: set) -> float:
    ranked = [key for key in ranked_keys(scores, keys, has_posts) if key not in seen]
    return evaluate(ranked, {key: gain for key, gain in gains.items() if key not in seen})["nDCG@10"]


def measure(name: str, workdir: Path, briefs: str, shown_list: list[int]) -> dict:
    """{(set, shown): {weights: [residual nDCG@10 per niche]}}."""
    corpus, index, keys, _ = load(name, workdir, briefs)
    has_posts = index.windows.sizes > 0
    blog_of = {key: int(blog_id) for key, blog_id in zip(keys, index.blogs.blog_ids)}
    if name == "bbc":
        sets = {"bbc": [{b.key: b.labels[n.name] for b in corpus.bloggers} for n in corpus.niches]}
    else:
        sets = {}
        for part in judged_parts([{"niche": n.name} for n in corpus.niches], corpus):
            sets.setdefault(part["set"], []).append(part["gains"])
    results: dict = {}
    for set_name, gains_by_niche in sets.items():
        for niche, gains in zip(corpus.niches, gains_by_niche):
            spec = NicheSpec(niche.name, niche.brief)
            first = scores_of(index, build_query(index, spec), corpus.now)
            for shown in shown_list:
                seen = ranked_keys(first, keys, has_posts)[:shown]
                good = tuple(blog_of[key] for key in seen if gains.get(key, 0) >= GOOD[set_name])
                poor = tuple(blog_of[key] for key in seen if gains.get(key, 0) == 0)
                marked = replace(spec, good_blog_ids=good, poor_blog_ids=poor)
                for weights in WEIGHTS:
                    with fit_weights(*weights):
                        scores = scores_of(index, build_query(index, marked), corpus.now)
                    results.setdefault((set_name, shown), {}).setdefault(weights, []).append(
                        residual_ndcg(scores, keys, has_posts, gains, set(seen)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["bbc", "blog-authorship"], choices=["bbc", "blog-authorship"])
    parser.add_argument("--briefs", nargs="+", default=["topic", "brand"], choices=["topic", "brand"])
    parser.add_argument("--shown", nargs="+", type=int, default=[5, 10], help="how many of the top are marked")
    args = parser.parse_args()
    shipped = (niche_query.GOOD_FIT_WEIGHT, niche_query.POOR_FIT_WEIGHT)
    rows: dict = {}
    with tempfile.TemporaryDirectory(prefix="outreach-feedback-") as workdir:
        for briefs in args.briefs:
            folder = Path(workdir) / briefs  # one database and index per corpus and brief style
            folder.mkdir()
            for name in args.sets:
                for (set_name, shown), by_weights in measure(name, folder, briefs, args.shown).items():
                    rows[(f"{set_name}, {briefs} briefs, top {shown} marked")] = by_weights
    columns = list(rows)
    print("residual nDCG@10, mean (worst niche); good fit / not a fit weights; * as shipped")
    for weights in WEIGHTS:
        mark = "*" if weights == shipped else " "
        cells = [f"{np.mean(rows[c][weights]):.3f} ({np.min(rows[c][weights]):.3f})" for c in columns]
        gain = np.mean([np.mean(rows[c][weights]) - np.mean(rows[c][(0.0, 0.0)]) for c in columns])
        print(f"{mark} {weights[0]:.2f} / {weights[1]:.2f}  mean change {gain:+.4f}")
        for column, cell in zip(columns, cells):
            print(f"      {column:<45} {cell}")


if __name__ == "__main__":
    main()
