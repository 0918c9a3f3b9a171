"""Print Blog Authorship bloggers' posts compactly, for judging them by hand.

Shows the text only: never the industry or any other field of the corpus, so that the
judge grades what the blog is about from its posts alone. By default the posts the
relevance benchmark uses (the first 10 of each blogger).

    python bench/show_blogger.py 1234 5678 --posts 10 --chars 400
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import BLOG_AUTHORSHIP  # noqa: E402


def posts_of(wanted: set[str], limit: int) -> dict[str, list[tuple[int, str]]]:
    """blogger id -> (post number, text) of its first `limit` posts."""
    found: dict[str, list[tuple[int, str]]] = {b: [] for b in wanted}
    with gzip.open(BLOG_AUTHORSHIP, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["blogger_id"] in found and row["post_idx"] < limit:
                found[row["blogger_id"]].append((row["post_idx"], row["text"]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="+")
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--chars", type=int, default=400)
    args = parser.parse_args()
    found = posts_of(set(args.ids), args.posts)
    for blogger in args.ids:
        print(f"=== {blogger}")
        for number, text in sorted(found[blogger]):
            text = " ".join(text.split())
            print(f"{number}: {text[:args.chars]}")


if __name__ == "__main__":
    main()
