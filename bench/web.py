"""Web latency benchmark: home, the directory, a profile and the board under 20 concurrent clients,
and a bulk move of 200 cards on the board (bench/web_bulk.py).

Builds a database of 50,000 blogs, 500,000 posts and a campaign of 2,000 entries, runs
`outreach serve` (Granian, its defaults unless told otherwise) on 127.0.0.1, signs in
once, and has wrk (a C load generator, so the clients leave the CPU to the server) keep
20 connections busy on each page for a bounded time. The baseline, measured in the same
run against the same server, is a static file: the server's floor. Pages are measured in
rounds (static, home, directory, profile, board, again and again) so background load falls on
all of them alike; the table gives each page's median over the rounds of its p50 and p95
and the ratio of its p95 to the static file's. Any error (non-200 answer, socket error or
timeout) makes the run fail.

    .venv/bin/python bench/web.py                                  # full size
    .venv/bin/python bench/web.py --keep-db /tmp/web-bench.sqlite  # build once, reuse after
    .venv/bin/python bench/web.py --blogs 2000 --seconds 5         # a quick run

Needs wrk (https://github.com/wg/wrk): `apt-get install wrk` or `brew install wrk`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import httpx
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import web_bulk  # noqa: E402  (bench/, beside this file)

from outreach.core.db import make_engine, upgrade_schema  # noqa: E402
from outreach.core.models import (  # noqa: E402
    DEFAULT_STAGES,
    Blog,
    Blogger,
    Campaign,
    CampaignMember,
    PipelineEntry,
    Post,
    Stage,
)
from outreach.core.users import create_user  # noqa: E402

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


WRK_SCRIPT = r"""
-- Rotate over the paths given after `--`, send the session cookie, count every answer
-- that is not a 200 and print one JSON line of results when done.
local paths = {}
local counter = 0
bad = 0  -- a global, so done() can read it from each thread
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for i = 1, #args do paths[i] = args[i] end
  counter = math.random(#paths)
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local not_200 = 0
  for _, thread in ipairs(threads) do not_200 = not_200 + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "not_200": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, not_200, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def find_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit(
            "bench/web.py needs wrk, a C HTTP load generator (the clients must not take the "
            "server's CPU).\nInstall it with `sudo apt-get install wrk` (Debian/Ubuntu), "
            "`brew install wrk` (macOS) or from https://github.com/wg/wrk, then run again.")
    return wrk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, instance: Path, workers: int | None, threads: int | None,
                 log: Path) -> tuple[subprocess.Popen, str]:
    """`outreach serve` on a free port; its own defaults unless workers/threads are given."""
    port = free_port()
    env = dict(os.environ, OUTREACH_DATABASE_URL=url, OUTREACH_INSTANCE_PATH=str(instance),
               OUTREACH_LOG_LEVEL="WARNING")
    command = [str(Path(sys.executable).parent / "outreach"), "serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    if threads:
        command += ["--threads", str(threads)]
    with open(log, "ab") as log_file:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log_file)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}; see {log}")
        try:
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start")


def signed_in_cookie(base: str, email: str) -> str:
    """Sign in through the login form; returns the Cookie header value of the session."""
    with httpx.Client(base_url=base) as client:
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
        if response.status_code != 302:
            raise SystemExit(f"sign-in failed: {response.status_code}")
        if client.get("/blogs/").status_code != 200:
            raise SystemExit("signed in, but the directory does not answer 200")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def run_wrk(wrk: str, script: Path, base: str, cookie: str, paths: list[str], seconds: float,
            connections: int, threads: int) -> dict:
    """One wrk run over the paths; returns the numbers its done() printed."""
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
               "--timeout", "10s", "-s", str(script), base, "--", *paths]
    result = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, BENCH_COOKIE=cookie))
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH ")), None)
    if result.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    numbers = json.loads(line[len("BENCH "):])
    numbers["errors"] = (numbers["not_200"] + numbers["connect"] + numbers["read"] + numbers["write"]
                         + numbers["timeout"])
    return numbers


def server_cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by the server and its workers (Linux /proc), or None elsewhere."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for process_id in [pid, *map(int, children)]:
            # Fields 14 and 15 (utime, stime), counted after the ")" that ends the name.
            fields = Path(f"/proc/{process_id}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])
    except (OSError, ValueError):
        return None
    return total / tick


def page_paths(blogs: int, rng: random.Random) -> dict[str, list[str]]:
    """What each page's clients request, rotated through by wrk."""
    return {
        "static baseline": ["/static/app.css"],
        "home": ["/"],
        "directory": ["/blogs/", "/blogs/?sort=recent", "/blogs/?q=roast"]
                     + [f"/blogs/?page={n}" for n in rng.sample(range(2, 51), 5)],
        "profile": [f"/bloggers/{n}/" for n in rng.sample(range(1, blogs + 1), min(blogs, 500))],
        "board": ["/campaigns/1/"],
    }


def format_cpu(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def median(values):
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blogs", type=int, default=50_000)
    parser.add_argument("--posts-per-blog", type=int, default=10)
    parser.add_argument("--entries", type=int, default=2_000)
    parser.add_argument("--connections", type=int, default=20, help="concurrent clients (wrk -c)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk -t")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of one page's run in a round")
    parser.add_argument("--rounds", type=int, default=3, help="each page is run once per round")
    parser.add_argument("--workers", type=int, default=0, help="default: what `outreach serve` does")
    parser.add_argument("--threads", type=int, default=0, help="default: what `outreach serve` does")
    parser.add_argument("--pages", default="", help="comma-separated subset of: home, directory, profile, board "
                        "(the static baseline always runs)")
    parser.add_argument("--keep-db", type=Path, metavar="PATH",
                        help="SQLite file to build once and reuse on later runs (same sizes assumed)")
    parser.add_argument("--database-url", default="", help="default: a SQLite file in a temp folder")
    args = parser.parse_args()
    wrk = find_wrk()

    workdir = Path(tempfile.mkdtemp(prefix="outreach-bench-web-"))
    entries = min(args.entries, args.blogs)
    if args.keep_db:
        url = f"sqlite:///{args.keep_db.resolve()}"
    else:
        url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite'}"
    if args.keep_db and args.keep_db.exists():
        engine = make_engine(url)
        upgrade_schema(engine)  # a database kept from before a new migration
        engine.dispose()
        print(f"reusing {args.keep_db}")
    else:
        started = time.perf_counter()
        build_database(url, args.blogs, args.posts_per_blog, entries)
        print(f"built {args.blogs:,} blogs, {args.blogs * args.posts_per_blog:,} posts, "
              f"{entries:,} entries in {time.perf_counter() - started:.1f} s")
    script = workdir / "bench.lua"
    script.write_text(WRK_SCRIPT)
    paths = page_paths(args.blogs, random.Random(11))
    if args.pages:
        wanted = {"static baseline", *(name.strip() for name in args.pages.split(","))}
        paths = {label: page for label, page in paths.items() if label in wanted}
    server_log = workdir / "server.log"
    results: dict[str, list[dict]] = {label: [] for label in paths}
    process, base = start_server(url, workdir / "instance", args.workers, args.threads, server_log)
    try:
        cookie = signed_in_cookie(base, "manager@bench.example")
        # Warm up: every path once, then a short run of each page, so first-hit costs
        # (imports, template compiling, the OS file cache) are not counted.
        with httpx.Client(base_url=base, headers={"Cookie": cookie}, timeout=60) as client:
            for label, page in paths.items():
                for path in page[:10]:
                    if client.get(path).status_code != 200:
                        raise SystemExit(f"{label}: {path} does not answer 200")
        for page in paths.values():
            run_wrk(wrk, script, base, cookie, page, 1, args.connections, args.wrk_threads)
        load_before = os.getloadavg()
        for round_number in range(args.rounds):
            for label, page in paths.items():
                cpu_before = server_cpu_seconds(process.pid)
                numbers = run_wrk(wrk, script, base, cookie, page, args.seconds, args.connections,
                                  args.wrk_threads)
                cpu_after = server_cpu_seconds(process.pid)
                numbers["cpu_ms"] = (None if cpu_before is None or cpu_after is None or not numbers["requests"]
                                     else (cpu_after - cpu_before) * 1000 / numbers["requests"])
                results[label].append(numbers)
                print(f"round {round_number + 1} {label:<16} {numbers['requests'] / numbers['seconds']:7.1f} req/s"
                      f"  p50 {numbers['p50_us'] / 1000:6.1f} ms  p95 {numbers['p95_us'] / 1000:6.1f} ms"
                      f"  server CPU {format_cpu(numbers['cpu_ms'])} ms/request  errors {numbers['errors']}", flush=True)
        load_after = os.getloadavg()
        bulk = web_bulk.measure(base, cookie) if "board" in paths else None
    finally:
        process.terminate()
        process.wait(timeout=30)
        log_text = server_log.read_text(errors="replace") if server_log.exists() else ""
        shutil.rmtree(workdir, ignore_errors=True)

    baseline_p95 = median([r["p95_us"] for r in results["static baseline"]]) / 1000
    baseline_p50 = median([r["p50_us"] for r in results["static baseline"]]) / 1000
    targets = {"home": 100, "directory": 100, "profile": 100, "board": 200}
    server = (f"{args.workers or 'default'} workers x {args.threads or 'default'} threads")
    print(f"\n{args.connections} connections (wrk -t{args.wrk_threads}), {args.rounds} rounds of "
          f"{args.seconds:.0f} s per page; `outreach serve` with {server}; cores: {os.cpu_count()}")
    print(f"load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
          f"after: {', '.join(f'{x:.2f}' for x in load_after)}")
    print(f"{'page':<16}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'target':>8}"
          f"{'p50/base':>10}{'p95/base':>10}{'CPU ms':>8}{'errors':>8}  met")
    failed = []
    total_errors = 0
    for label, runs in results.items():
        requests = sum(r["requests"] for r in runs)
        rate = requests / sum(r["seconds"] for r in runs)
        p50 = median([r["p50_us"] for r in runs]) / 1000
        p95 = median([r["p95_us"] for r in runs]) / 1000
        errors = sum(r["errors"] for r in runs)
        total_errors += errors
        cpu = [r["cpu_ms"] for r in runs if r["cpu_ms"] is not None]
        target = targets.get(label)
        met = "" if target is None else ("yes" if p95 < target and not errors else "NO")
        if met == "NO":
            failed.append(label)
        print(f"{label:<16}{requests:>9}{rate:>8.0f}{p50:>8.1f}{p95:>8.1f}{f'<{target}' if target else '':>8}"
              f"{p50 / baseline_p50:>10.1f}{p95 / baseline_p95:>10.1f}{format_cpu(median(cpu) if cpu else None):>8}"
              f"{errors:>8}  {met}")
    print("(p50 and p95: the median over the rounds of each run's percentile; base: the static file;\n"
          " CPU ms: the server's CPU time per request, median over the rounds, steadier than latency\n"
          " on a machine whose speed varies)")
    if bulk is not None and not web_bulk.report(bulk):
        failed.append("bulk move")
    if total_errors:
        print(f"\nFAILED: {total_errors} requests errored (non-200 answers, socket errors or timeouts)")
        for run_label, runs in results.items():
            for r in runs:
                if r["errors"]:
                    print(f"  {run_label}: {r}")
        if log_text.strip():
            print("server log (last lines):\n" + "\n".join(log_text.splitlines()[-20:]))
        raise SystemExit(1)
    if failed:
        print(f"\ntargets not met: {', '.join(failed)}")
        raise SystemExit(2)
    print("\nall targets met, no errors")


if __name__ == "__main__":
    main()
