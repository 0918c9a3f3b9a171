"""What vetting a blogger costs the entry page: their 50 newest posts (Blog Authorship's real text,
each repeated to the length asked) read for five words the brand avoids, against reading the same
posts from the database without looking for the words; medians of 30 calls a round, in the same run.

    .venv/bin/python bench/vetting.py --repeat-text 10 --rounds 3
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from outreach.core.db import make_engine
from outreach.core.db.schema import upgrade_schema
from outreach.core.models import Blog, Blogger, Post, utcnow
from outreach.core.vetting import RECENT_POSTS, vet_blogger

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "blog-authorship" / "posts.jsonl.gz"
TERMS = ["Rivalbrew", "gambling", "politics", "vodka", "casino"]
CALLS = 30


def blog_texts(count: int, repeat: int) -> list[str]:
    """The corpus's first posts of 200 characters or more, each repeated `repeat` times."""
    texts = []
    with gzip.open(CORPUS, "rt") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            if len(text) >= 200:
                texts.append(" ".join([text] * repeat))
            if len(texts) == count:
                return texts
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat-text", type=int, default=1, help="make each post this many times its length")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    engine = make_engine(f"sqlite:///{tempfile.mkdtemp()}/vetting.sqlite")
    upgrade_schema(engine)
    texts = blog_texts(RECENT_POSTS + 10, args.repeat_text)
    with Session(engine) as session:
        blogger = Blogger(name="Benchmark")
        session.add(blogger)
        session.flush()
        blog = Blog(feed_url="https://bench.example/feed", blogger_id=blogger.id)
        session.add(blog)
        session.flush()
        session.add_all([Post(blog_id=blog.id, key=str(index), title=f"Post {index}", text=text,
                              published_at=utcnow() - timedelta(days=index)) for index, text in enumerate(texts)])
        session.commit()
        newest = (select(Post.title, Post.text, Post.url, Post.published_at).join(Blog, Blog.id == Post.blog_id)
                  .where(Blog.blogger_id == blogger.id).order_by(Post.published_at.desc(), Post.id.desc())
                  .limit(RECENT_POSTS))
        print(f"{RECENT_POSTS} newest posts of {len(texts)}, {sum(map(len, texts[:RECENT_POSTS])) // RECENT_POSTS:,} "
              f"characters each on average; words to avoid: {', '.join(TERMS)}")
        for round_number in range(args.rounds):
            read, vetted = [], []
            for _ in range(CALLS):
                start = time.perf_counter()
                session.exec(newest).all()
                read.append(time.perf_counter() - start)
                start = time.perf_counter()
                vet_blogger(session, blogger.id, TERMS)
                vetted.append(time.perf_counter() - start)
            baseline, ours = statistics.median(read) * 1000, statistics.median(vetted) * 1000
            print(f"round {round_number + 1}: vetting {ours:.2f} ms, reading the posts alone {baseline:.2f} ms, "
                  f"ratio {ours / baseline:.1f}")


if __name__ == "__main__":
    main()
