"""Web latency benchmark: the directory, a profile and the board under 20 concurrent clients.

Builds a database of 50,000 blogs, 500,000 posts and a campaign of 2,000 entries, runs
`outreach serve` (gunicorn) on 127.0.0.1, signs in, and has N client threads request
the pages for a bounded time. The baseline, measured in the same run against the same
server, is a static file: the server's floor. Prints p50/p95 per page and the ratio of
each page's p95 to the baseline's.

    .venv/bin/python bench/web.py                 # full size
    .venv/bin/python bench/web.py --blogs 2000    # a quick run
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import httpx
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach.db import make_engine, upgrade_schema  # noqa: E402
from outreach.models import (  # noqa: E402
    DEFAULT_STAGES,
    Blog,
    Blogger,
    Campaign,
    CampaignMember,
    PipelineEntry,
    Post,
    Stage,
)
from outreach.users import create_user  # noqa: E402

WORDS = ("espresso grinder burr roast trail marathon tempo vegan tofu lentil budget index fund "
         "savings mortgage sourdough houseplant monstera compost pixel console speedrun indie "
         "review guide season morning weekend recipe route gear test notes story city").split()
PASSWORD = "benchmark password"


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build_database(url: str, blogs: int, posts_per_blog: int, entries: int, seed: int = 7) -> dict:
    """Fill a fresh database; returns ids the clients will request."""
    rng = random.Random(seed)
    engine = make_engine(url)
    upgrade_schema(engine)
    now = datetime(2026, 11, 1, tzinfo=timezone.utc)
    from sqlmodel import Session

    with Session(engine) as session:
        manager = create_user(session, "manager@bench.example", PASSWORD, "manager", "Bench Manager")
        session.commit()
        manager_id = manager.id
    chunk = 5_000
    with engine.begin() as connection:
        for start in range(0, blogs, chunk):
            ids = range(start + 1, min(start + chunk, blogs) + 1)
            connection.execute(insert(Blogger), [
                {"id": i, "name": f"Blogger {i:05d} {rng.choice(WORDS).title()}", "name_source": "",
                 "location": "", "about": sentence(rng, 20), "relationship_status": "new",
                 "do_not_contact": i % 500 == 0, "do_not_contact_reason": "",
                 "created_at": now, "updated_at": now} for i in ids])
            connection.execute(insert(Blog), [
                {"id": i, "feed_url": f"https://blog{i}.example/feed", "homepage_url": f"https://blog{i}.example/",
                 "title": f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}", "description": "",
                 "blogger_id": i, "status": "active", "source": "url", "notes": "", "created_at": now,
                 "etag": "", "last_modified": "", "next_check_at": now, "last_checked_at": now,
                 "last_fetched_at": now, "last_post_at": now - timedelta(days=i % 400), "error_count": 0,
                 "last_error": "", "claimed_by": ""} for i in ids])
        post_rows = []
        post_id = 0
        for blog_id in range(1, blogs + 1):
            for index in range(posts_per_blog):
                post_id += 1
                body = sentence(rng, 60)
                post_rows.append({
                    "id": post_id, "blog_id": blog_id, "key": f"{blog_id}-{index}",
                    "url": f"https://blog{blog_id}.example/{index}", "title": sentence(rng, 6),
                    "author": "", "published_at": now - timedelta(days=index * 9 + blog_id % 30),
                    "first_seen_at": now, "content_html": f"<p>{body}</p>", "text": body,
                    "content_hash": "", "tags": []})
            if len(post_rows) >= 20_000:
                connection.execute(insert(Post), post_rows)
                post_rows = []
        if post_rows:
            connection.execute(insert(Post), post_rows)
        connection.execute(insert(Campaign), [{"id": 1, "name": "Bench campaign", "brand": "Northbrew",
                                               "description": "", "brand_terms": [], "is_archived": False,
                                               "created_at": now, "created_by_id": manager_id}])
        connection.execute(insert(CampaignMember), [{"campaign_id": 1, "user_id": manager_id}])
        connection.execute(insert(Stage), [{"id": position + 1, "campaign_id": 1, "name": name,
                                            "position": position, "kind": kind}
                                           for position, (name, kind) in enumerate(DEFAULT_STAGES)])
        chosen = rng.sample(range(1, blogs + 1), entries)
        today = date(2026, 11, 22)
        connection.execute(insert(PipelineEntry), [
            {"id": n + 1, "campaign_id": 1, "blogger_id": blogger_id,
             "stage_id": rng.choice([1, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9]), "owner_id": manager_id,
             "score": round(rng.uniform(10, 95), 1),
             "next_follow_up_on": today + timedelta(days=rng.randint(-10, 20)),
             "last_contact_at": now, "stage_entered_at": now, "created_at": now, "updated_at": now,
             "version": 1} for n, blogger_id in enumerate(chosen)])
    engine.dispose()
    return {"bloggers": blogs, "manager": "manager@bench.example"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, instance: Path, workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, OUTREACH_DATABASE_URL=url, OUTREACH_INSTANCE_PATH=str(instance),
               OUTREACH_LOG_LEVEL="WARNING")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "outreach"), "serve", "--port", str(port),
         "--workers", str(workers), "--threads", str(threads)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start")


def signed_in_cookies(base: str, email: str) -> httpx.Cookies:
    with httpx.Client(base_url=base) as client:
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
        if response.status_code != 302:
            raise SystemExit(f"sign-in failed: {response.status_code}")
        return client.cookies


def hammer(base, cookies, paths, seconds, clients, max_requests):
    """N threads request random (label, path) pairs until time or the request budget runs out."""
    latencies: dict[str, list[float]] = {label: [] for label, _ in paths}
    errors: list[str] = []
    lock = threading.Lock()
    budget = [max_requests]
    deadline = time.monotonic() + seconds

    def client_loop(seed):
        rng = random.Random(seed)
        with httpx.Client(base_url=base, cookies=cookies, timeout=30) as client:
            while time.monotonic() < deadline:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                label, make_path = rng.choice(paths)
                path = make_path(rng)
                started = time.perf_counter()
                try:
                    response = client.get(path)
                    elapsed = time.perf_counter() - started
                    ok = response.status_code == 200
                except httpx.HTTPError as error:
                    elapsed, ok = time.perf_counter() - started, False
                    response = error
                with lock:
                    latencies[label].append(elapsed)
                    if not ok:
                        errors.append(f"{label} {path}: {getattr(response, 'status_code', response)}")

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blogs", type=int, default=50_000)
    parser.add_argument("--posts-per-blog", type=int, default=10)
    parser.add_argument("--entries", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default="", help="default: a SQLite file in a temp folder")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="outreach-bench-web-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite'}"
    started = time.perf_counter()
    build_database(url, args.blogs, args.posts_per_blog, min(args.entries, args.blogs))
    print(f"built {args.blogs:,} blogs, {args.blogs * args.posts_per_blog:,} posts, "
          f"{min(args.entries, args.blogs):,} entries in {time.perf_counter() - started:.1f} s")
    process, base = start_server(url, workdir / "instance", args.workers, args.threads)
    try:
        cookies = signed_in_cookies(base, "manager@bench.example")
        bloggers = args.blogs
        paths = [
            ("static baseline", lambda rng: "/static/app.css"),
            ("directory", lambda rng: rng.choice(["/blogs/", "/blogs/?sort=recent", "/blogs/?q=roast",
                                                  f"/blogs/?page={rng.randint(1, 50)}"])),
            ("profile", lambda rng: f"/bloggers/{rng.randint(1, bloggers)}/"),
            ("board", lambda rng: "/campaigns/1/"),
        ]
        # Warm up each page once so first-hit costs (imports, caches) are not counted.
        with httpx.Client(base_url=base, cookies=cookies, timeout=60) as client:
            for _, make_path in paths:
                client.get(make_path(random.Random(0)))
        latencies, errors = hammer(base, cookies, paths, args.seconds, args.clients, args.max_requests)
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    baseline_p95 = percentile(latencies["static baseline"], 0.95) * 1000
    targets = {"directory": 100, "profile": 100, "board": 200}
    print(f"\n{args.clients} clients for up to {args.seconds:.0f} s, gunicorn {args.workers} workers x "
          f"{args.threads} threads")
    print(f"{'page':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'target':>9}{'p95/baseline':>14}")
    for label, values in latencies.items():
        p50 = statistics.median(values) * 1000
        p95 = percentile(values, 0.95) * 1000
        target = f"<{targets[label]}" if label in targets else ""
        print(f"{label:<16}{len(values):>9}{p50:>9.1f}{p95:>9.1f}{target:>9}{p95 / baseline_p95:>14.1f}")
    print(f"errors: {len(errors)}")
    for error in errors[:10]:
        print("  ", error)


if __name__ == "__main__":
    main()
