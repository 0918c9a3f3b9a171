"""Listening speed: 100 brand monitors matched against 100,000 new posts, posts per second and
peak memory, beside plain substring search over the same texts in the same run.

The posts are Blog Authorship texts (../shared/corpora, read, never copied), cycled to the
count asked for, with a brand's name or product put into one post in 20. Each monitor has a
name and four product phrases, and an exclusion. Ours is outreach.core.matching.Matcher, the
matcher the crawl uses (whole phrases, any case, accents folded, exclusions); the baseline lower-
cases each post and asks `term in text` for every term of every monitor, which finds more (parts
of words, excluded phrases) and folds no accents.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpora import BLOG_AUTHORSHIP  # noqa: E402
from outreach.core.matching import Matcher, MonitorTerms  # noqa: E402

SYLLABLES = ["tra", "il", "fox", "nor", "th", "brew", "ka", "ve", "lo", "ri", "zen", "mar", "to", "quin", "sel",
             "dor", "ax", "pel", "vio", "cu"]
PRODUCTS = ["vest", "kettle", "grinder", "jacket", "bottle", "lamp", "pack", "tent", "mug", "shoes"]


def monitors(count: int, rng: random.Random) -> list[MonitorTerms]:
    """Made-up brands: a name, four products named after it, and an exclusion."""
    made = []
    for number in range(count):
        name = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + str(number)
        products = tuple(f"{name} {product}" for product in rng.sample(PRODUCTS, 4))
        made.append(MonitorTerms(number + 1, (name, *products), (f"{name} sightings",)))
    return made


def posts(count: int, brands: list[MonitorTerms], rng: random.Random) -> list[str]:
    """Blog Authorship texts cycled to `count`, one in 20 naming a brand or a product."""
    with gzip.open(BLOG_AUTHORSHIP, "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    made = []
    for number in range(count):
        text = texts[number % len(texts)]
        if number % 20 == 0:
            words = text.split()
            words.insert(rng.randrange(len(words) + 1), rng.choice(rng.choice(brands).terms))
            text = " ".join(words)
        made.append(text)
    return made


def ours(matcher: Matcher, texts: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    hits = sum(len(matcher.find(text)) for text in texts)
    return time.perf_counter() - started, hits


def substring(brands: list[MonitorTerms], texts: list[str]) -> tuple[float, int]:
    terms = [(brand.monitor_id, [term.lower() for term in brand.terms]) for brand in brands]
    started = time.perf_counter()
    hits = 0
    for text in texts:
        lowered = text.lower()
        hits += sum(1 for _, words in terms if any(word in lowered for word in words))
    return time.perf_counter() - started, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--monitors", type=int, default=100)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, alternating; medians reported")
    args = parser.parse_args()
    rng = random.Random(7)
    brands = monitors(args.monitors, rng)
    texts = posts(args.posts, brands, rng)
    megabytes = sum(len(text) for text in texts) / 1e6
    built = time.perf_counter()
    matcher = Matcher(brands)
    build_ms = (time.perf_counter() - built) * 1000
    our_runs, plain_runs = [], []
    for _ in range(args.repeat):
        our_runs.append(ours(matcher, texts))
        plain_runs.append(substring(brands, texts))
    our_s, plain_s = statistics.median(r[0] for r in our_runs), statistics.median(r[0] for r in plain_runs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.monitors} monitors ({sum(len(b.terms) for b in brands)} terms), {args.posts:,} posts "
          f"({megabytes:.0f} MB of text); medians of {args.repeat} alternating runs")
    print(f"ours (Matcher, whole phrases, accents folded)  {args.posts / our_s:10,.0f} posts/s   "
          f"{our_runs[0][1]:,} monitor hits   (matcher built in {build_ms:.0f} ms)")
    print(f"plain substring search (`term in text`)        {args.posts / plain_s:10,.0f} posts/s   "
          f"{plain_runs[0][1]:,} monitor hits (parts of words and exclusions count too)")
    print(f"ours / baseline                                 {plain_s / our_s:10.2f} x")
    print(f"peak memory                                     {peak:10.0f} MB (the texts themselves included)")


if __name__ == "__main__":
    main()
