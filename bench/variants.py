"""Ranking variants side by side on the same index, with every blend weight fitted by
cross-validation: leave one corpus out, and niches split in halves within a corpus.

Variants: our ranking as it is; a latent topic space (LSA over the index's TF-IDF, blended
with our score); pseudo-relevance feedback (RM3-style: the query expanded with the words of
the collection's best-matching posts); both; and, as baselines, a plain TF-IDF centroid and
LSA alone; and the shipped ranking with other measures of a blog's meaning match (mean
post cosine, share of posts close in meaning, the brief's facets one by one). For each it
prints the mean and the worst niche nDCG@10 on each set: BBC, the judged Blog Authorship
set (its judges' grades, and as "judged-share" the share of posts they named as on the
subject, the held-out benchmark's kind of gain), Blog Authorship's industry labels, and BBC
with each author writing at one length of their own ("bbc-lengths", a diagnostic).

    python bench/variants.py                       # BBC and Blog Authorship (a diagnostic)
    python bench/variants.py --sets bbc --dims 100 150

Posts are inserted directly (no crawler): the variants are compared on one index, and
bench/relevance.py measures the chosen ranking end to end.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baselines import static_available, static_centroid_scores  # noqa: E402
from corpora import BRIEF_STYLES, authorship_corpus, bbc_corpus, bbc_lengths_varied, with_briefs  # noqa: E402
from metrics import evaluate  # noqa: E402
from relevance import insert_into, stored_posts, tfidf_centroid_scores  # noqa: E402
from sqlmodel import Session  # noqa: E402

from outreach.core.db import make_engine, upgrade_schema  # noqa: E402
from outreach.core.niches import NicheSpec  # noqa: E402
from scoring import IndexConfig, build_query, calibrate, current_index, refresh_index, semantic  # noqa: E402
from scoring.rank import Ranking, _mean_per_blog, _score_all  # noqa: E402

SETS = {"bbc": bbc_corpus, "bbc-lengths": bbc_lengths_varied, "blog-authorship": authorship_corpus}
# Sets whose niches may fit a weight; Blog Authorship's label is the author's industry, not
# what the blog is about: reported, never fitted on.
FIT_SETS = ("bbc", "judged")
# The corpus each set's niches come from: a weight is never fitted on the corpus it is measured on.
CORPUS_OF = {"bbc": "bbc", "bbc-lengths": "bbc", "blog-authorship": "blog-authorship", "judged": "blog-authorship",
             "judged-share": "blog-authorship"}
BLEND_WEIGHTS = [round(w, 2) for w in np.arange(0.0, 1.01, 0.1)]


def load(name: str, workdir: Path, briefs: str = "topic"):
    """A corpus inserted into a fresh database and indexed: (corpus, index, blog keys by row)."""
    corpus = with_briefs(SETS[name](), briefs)
    engine = make_engine(f"sqlite:///{workdir / (name + '.sqlite')}")
    upgrade_schema(engine)
    keys = insert_into(engine, corpus)
    directory = workdir / f"{name}-index"
    with Session(engine) as session:
        refresh_index(session, directory, IndexConfig(latent_dims=100), rebuild=True)
        index = current_index(session, directory)
    blog_ids, texts = stored_posts(engine)
    briefs = [n.brief for n in corpus.niches]
    engine.dispose()
    row_keys = [keys[int(blog_id)] for blog_id in index.blogs.blog_ids]
    centroids = {"tfidf": tfidf_centroid_scores}
    if static_available():
        centroids["static"] = static_centroid_scores
    by_name = {}
    for label, scorer in centroids.items():
        blogs, scores = scorer(blog_ids, texts, briefs)
        by_name[label] = {niche.name: dict(zip([keys[b] for b in blogs], scores[:, i]))
                          for i, niche in enumerate(corpus.niches)}
    return corpus, index, row_keys, by_name


def lsa_space(index, dims: int):
    """Post matrix factorised: (components, blog profiles in the latent space, unit rows)."""
    svd = TruncatedSVD(n_components=min(dims, index.posts.matrix.shape[1] - 1), random_state=0)
    svd.fit(index.posts.matrix)
    components = svd.components_.astype(np.float32)
    profiles = normalize(np.asarray(index.windows.profiles @ components.T))
    return components, profiles


def expanded(query, index, feedback_posts: int, terms: int, weight: float):
    """RM3-style: the query mixed with the mean vector of its best posts, cut to its top terms."""
    sims = index.posts.matrix @ query.vector
    top = np.argsort(-sims)[:feedback_posts]
    top = top[sims[top] > 0]
    if len(top) == 0:
        return query
    mean = np.asarray(index.posts.matrix[top].multiply(sims[top][:, None]).sum(axis=0)).ravel()
    keep = np.argsort(-mean)[:terms]
    expansion = np.zeros_like(query.vector)
    expansion[keep] = mean[keep]
    expansion /= np.linalg.norm(expansion) or 1.0
    vector = (1 - weight) * query.vector + weight * expansion
    return replace(query, vector=(vector / np.linalg.norm(vector)).astype(np.float32))


def best_posts_mean(index, query, k: int) -> np.ndarray:
    """Per blog, the mean similarity of its k best recent posts, scaled to the best blog's."""
    sims = index.posts.matrix @ query.vector
    windows = index.windows
    result = np.zeros(len(index.blogs))
    for row in np.flatnonzero(windows.sizes > 0):
        values = np.sort(sims[windows.rows[windows.ptr[row]:windows.ptr[row + 1]]])[::-1][:k]
        result[row] = values.mean()
    return result / (result.max() or 1.0)


def meaning_aggregations(index, query) -> dict[str, np.ndarray]:
    """Per blog, other ways to measure its meaning match than the shipped one (the cosine of
    its mean post vector), each scaled as calibrate.meaning_match scales that one."""
    windows, has_posts = index.windows, index.windows.sizes > 0
    cosines = index.posts.vectors.astype(np.float32) @ query.meaning
    typical, best = np.median(cosines), np.sort(cosines)[-calibrate.REFERENCE_POSTS:].mean()
    soft = np.clip((cosines - typical) / ((best - typical) or 1.0), 0.0, 1.0)  # each post's own match

    def best_half(values):  # per blog, the mean of its closer half of posts
        result = np.zeros(len(windows.sizes))
        for row in np.flatnonzero(has_posts):
            ranked = np.sort(values[windows.rows[windows.ptr[row]:windows.ptr[row + 1]]])
            result[row] = ranked[len(ranked) // 2:].mean()
        return result

    facets = [f.strip() for f in re.split(r",| and ", query.spec.topic) if f.strip()] or [query.spec.topic]
    facet_vectors = semantic.embed(facets, weights=index.meaning_weights)
    by_facet = np.mean([calibrate.meaning_match(windows.meanings @ v, has_posts) for v in facet_vectors], axis=0)
    centroid = calibrate.meaning_match(windows.meanings @ query.meaning, has_posts)
    soft_share = calibrate.meaning_match(_mean_per_blog(index, soft), has_posts)
    return {
        "mean post cosine": calibrate.meaning_match(_mean_per_blog(index, cosines), has_posts),
        "soft share of posts": soft_share,
        "share of posts >= half": _mean_per_blog(index, soft >= 0.5),
        "best half of posts": calibrate.meaning_match(best_half(cosines), has_posts),
        "mean of the brief's facets": by_facet,
        "centroid + facets": (centroid + by_facet) / 2,
        "centroid + soft share": (centroid + soft_share) / 2,
    }

@contextmanager
def meaning_weight(weight: float):
    """Rank with the meaning match at this share of the score (calibrate.MEANING_WEIGHT)."""
    kept = calibrate.MEANING_WEIGHT
    calibrate.MEANING_WEIGHT = weight
    try:
        yield
    finally:
        calibrate.MEANING_WEIGHT = kept


def fused(first: np.ndarray, second: np.ndarray, weight: float, k: int = 60) -> np.ndarray:
    """Reciprocal rank fusion (Cormack et al. 2009): 1/(k + rank) of each, the second weighted."""
    def reciprocal(scores):
        ranks = np.empty(len(scores))
        ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
        return 1.0 / (k + ranks)
    return (1 - weight) * reciprocal(first) + weight * reciprocal(second)


def scores_of(index, query, now) -> np.ndarray:
    scored = _score_all(index, query, now)
    if isinstance(scored, Ranking):
        return np.zeros(len(index.blogs))
    return scored.scores / 100.0


def ranked_keys(scores: np.ndarray, row_keys: list[str], has_posts: np.ndarray) -> list[str]:
    rows = np.flatnonzero(has_posts)
    return [row_keys[r] for r in rows[np.argsort(-scores[rows], kind="stable")]]


def niche_components(name: str, workdir: Path, dims_list: list[int], rm3: list[tuple],
                     briefs: str = "topic") -> list[dict]:
    """Per niche: the gains and each component's score per blog."""
    corpus, index, row_keys, centroids = load(name, workdir, briefs)
    has_posts = index.windows.sizes > 0
    spaces = {dims: lsa_space(index, dims) for dims in dims_list}
    # The latent space fitted on blogs (their recent writing as one document) instead of posts.
    blog_level = {f"blogshadow{dims}": replace(index, latent=TruncatedSVD(dims, n_iter=3, random_state=0)
                                              .fit(index.windows.profiles).components_.astype(np.float32))
                  for dims in (50, 100)}
    rows = []
    for niche in corpus.niches:
        spec = NicheSpec(niche.name, niche.brief)
        query = build_query(index, spec, latent_weight=0.0)  # the ranking before the latent space
        with meaning_weight(0.0):  # ... and before the meaning match
            before = scores_of(index, query, corpus.now)
        shadowed = build_query(index, spec, latent_weight=0.5)
        product = {}
        for weight in BLEND_WEIGHTS:  # the ranking with the latent shadow and the meaning match
            with meaning_weight(weight):
                product[weight] = scores_of(index, shadowed, corpus.now)
        with meaning_weight(0.0):  # the same ranking's words part, to blend other meaning measures
            scored = _score_all(index, shadowed, corpus.now)
        words_part = scored.scores / 100.0 / np.maximum(scored.activity, 1e-9)
        aggregations = {f"meaning: {label}": {w: (1 - w) * words_part * scored.activity + w * values * scored.activity
                                              for w in BLEND_WEIGHTS}
                        for label, values in meaning_aggregations(index, shadowed).items()}
        part = {"set": name, "niche": niche.name,
                "gains": {b.key: b.labels[niche.name] for b in corpus.bloggers},
                "ours": before, "product": product, **aggregations,
                **{label: np.array([by_niche[niche.name].get(key, 0.0) for key in row_keys])
                   for label, by_niche in centroids.items()}}
        if "static" in part:  # cosines scaled to the best blog's, as LSA's below
            part["static"] = np.maximum(part["static"], 0.0) / (part["static"].max() or 1.0)
            part["rrf_static"] = {w: fused(part["ours"], part["static"], w) for w in BLEND_WEIGHTS}
        for dims, (components, profiles) in spaces.items():
            latent = components @ query.vector
            latent /= np.linalg.norm(latent) or 1.0
            cosine = np.maximum(profiles @ latent, 0.0)
            part[f"lsa{dims}"] = cosine / (cosine.max() or 1.0)
        for setting in rm3:
            with meaning_weight(0.0):
                part["rm3" + "-".join(map(str, setting))] = scores_of(index, expanded(query, index, *setting),
                                                                      corpus.now)
        with meaning_weight(0.0):
            part["shadow"] = {w: scores_of(index, build_query(index, spec, latent_weight=w), corpus.now)
                              for w in BLEND_WEIGHTS}
        if "static" in part:  # the latent shadow at the weight chosen before, with the static part
            for shadow_weight in (0.3, 0.5, 0.8):
                part[f"shadow{shadow_weight}_static"] = {
                    w: (1 - w) * part["shadow"][shadow_weight] + w * part["static"] for w in BLEND_WEIGHTS}
        for label, other in blog_level.items():
            with meaning_weight(0.0):
                part[label] = {w: scores_of(other, build_query(other, spec, latent_weight=w), corpus.now)
                               for w in BLEND_WEIGHTS}
        for k in (1, 3):
            part[f"top{k}"] = best_posts_mean(index, query, k)
        part["keys"], part["has_posts"] = row_keys, has_posts
        rows.append(part)
    if name == "blog-authorship":  # the same bloggers judged by hand for each niche's topic
        rows += judged_parts(rows, corpus)
    return rows


def judged_parts(rows: list[dict], corpus) -> list[dict]:
    """The Blog Authorship niches again, with the hand judgments as gains (unjudged: 0)."""
    try:
        from corpora import authorship_judged_shares, authorship_judgments
        judged = authorship_judgments()
    except (ImportError, OSError):
        return []
    if not any(judged.values()):
        return []
    shares = authorship_judged_shares({b.key: len(b.posts) for b in corpus.bloggers})
    everyone = {b.key: 0.0 for b in corpus.bloggers}
    return [{**part, "set": name, "gains": {**everyone, **gains[part["niche"]]}}
            for name, gains in (("judged", judged), ("judged-share", shares)) for part in rows]


def ndcg(part: dict, scores: np.ndarray) -> float:
    return evaluate(ranked_keys(scores, part["keys"], part["has_posts"]), part["gains"])["nDCG@10"]


def blended(part: dict, first: str, second: str | None, weight: float) -> np.ndarray:
    if isinstance(part[first], dict):  # a family computed for each weight
        return part[first][weight]
    if second is None:
        return part[first]
    return (1 - weight) * part[first] + weight * part[second]


def fitted(parts: list[dict], first: str, second: str | None) -> dict[tuple, float]:
    """nDCG@10 per (set, niche) with the blend weight chosen on other niches: each niche's
    weight is the best on the other corpus (leave one corpus out) where one is fit-able,
    else on the other half of its own corpus's niches."""
    table = {(p["set"], p["niche"]): {w: ndcg(p, blended(p, first, second, w)) for w in BLEND_WEIGHTS}
             for p in parts}
    result, chosen = {}, {}
    for part in parts:
        key = (part["set"], part["niche"])
        others = [k for k in table if CORPUS_OF[k[0]] != CORPUS_OF[key[0]] and k[0] in FIT_SETS]
        if not others:  # one fit-able corpus: niches split in halves
            same = sorted(k for k in table if k[0] == key[0])
            half = same.index(key) % 2
            others = [k for k in same if same.index(k) % 2 != half]
        weight = max(BLEND_WEIGHTS, key=lambda w: (np.mean([table[k][w] for k in others]), -w))
        result[key], chosen[key] = table[key][weight], weight
    return result, chosen


def report(parts: list[dict], variants: dict[str, tuple]) -> None:
    sets = sorted({p["set"] for p in parts})
    print(f"{'variant':<28}" + "".join(f"{s + ' mean':>22}{'worst':>8}" for s in sets) + "  weights chosen")
    for label, (first, second) in variants.items():
        scores, chosen = fitted(parts, first, second) if second or isinstance(parts[0][first], dict) else (
            {(p["set"], p["niche"]): ndcg(p, p[first]) for p in parts}, {})
        line = f"{label:<28}"
        for name in sets:
            values = [v for k, v in scores.items() if k[0] == name]
            worst_key = min((k for k in scores if k[0] == name), key=scores.get)
            line += f"{np.mean(values):>22.3f}{min(values):>8.3f}"
            del worst_key
        weights = sorted(set(chosen.values()))
        print(line + ("  " + ",".join(map(str, weights)) if weights else ""))


def print_curves(parts: list[dict], families: list[str]) -> None:
    """Mean nDCG@10 of each family at every weight, per set: to see how flat the optimum is."""
    for family in families:
        for name in sorted({p["set"] for p in parts}):
            first, second = (family, None) if isinstance(parts[0][family], dict) else ("ours", family)
            means = [np.mean([ndcg(p, blended(p, first, second, w)) for p in parts if p["set"] == name])
                     for w in BLEND_WEIGHTS]
            print(f"  {family:<8} {name:<16}" + " ".join(f"{w}:{m:.3f}" for w, m in zip(BLEND_WEIGHTS, means)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=[s for s in SETS], choices=list(SETS))
    parser.add_argument("--dims", nargs="+", type=int, default=[100, 150])
    parser.add_argument("--briefs", choices=BRIEF_STYLES, default="topic",
                        help="the niches' briefs as topic lists, or as a brand's one-line requests")
    args = parser.parse_args()
    rm3 = [(10, 30, 0.3), (10, 30, 0.5), (20, 50, 0.3)]
    parts = []
    with tempfile.TemporaryDirectory(prefix="outreach-variants-") as workdir:
        for name in args.sets:
            parts += niche_components(name, Path(workdir), args.dims, rm3, args.briefs)
    variants = {"tf-idf centroid (baseline)": ("tfidf", None), "ours": ("ours", None),
                "ours, query + latent shadow": ("shadow", None),
                "ours, query + blog-level shadow 50": ("blogshadow50", None),
                "ours, query + blog-level shadow 100": ("blogshadow100", None)}
    for dims in args.dims:
        variants[f"LSA {dims} alone (baseline)"] = (f"lsa{dims}", None)
        variants[f"ours + LSA {dims}"] = ("ours", f"lsa{dims}")
    for k in (1, 3):
        variants[f"ours + mean of {k} best posts"] = ("ours", f"top{k}")
    if "static" in parts[0]:
        variants["WordLlama centroid (baseline)"] = ("static", None)
        variants["ours + WordLlama"] = ("ours", "static")
        variants["ours + WordLlama, rank fusion"] = ("rrf_static", None)
        variants["ours shadow 0.3 + WordLlama"] = ("shadow0.3_static", None)
        variants["ranking: shadow 0.5 + meaning match"] = ("product", None)
        for family in (key for key in parts[0] if key.startswith("meaning: ")):
            variants[family.replace("meaning: ", "  meaning as ")] = (family, None)
        variants["ours shadow 0.5 + WordLlama"] = ("shadow0.5_static", None)
        variants["ours shadow 0.8 + WordLlama"] = ("shadow0.8_static", None)
    for setting in rm3:
        name = "rm3" + "-".join(map(str, setting))
        variants[f"RM3 {setting}"] = (name, None)
        variants[f"RM3 {setting} + LSA {args.dims[-1]}"] = (name, f"lsa{args.dims[-1]}")
    report(parts, variants)
    print_curves(parts, ["shadow", "top1", "top3"] + (["static", "rrf_static", "shadow0.3_static", "shadow0.5_static", "product"]
                                                      if "static" in parts[0] else []))


if __name__ == "__main__":
    main()
