"""The bulk move of bench/web.py: 200 cards of the 2,000-entry board moved in one request,
through the board's bulk bar (POST /campaigns/1/bulk), the way a person does it.

The baseline, in the same run on the same server, is the same request with one card: what
the request costs around the cards. Each repeat moves the 200 cards to the other of two
stages (Pitched, Researching), so every request really moves them; the cards of the
do-not-contact bloggers among them are refused from Pitched, as they are for a person."""

from __future__ import annotations

import re
import statistics
import time

import httpx

CARDS = 200
STAGES = (3, 2)  # Pitched, Researching: the bench database's stage ids (DEFAULT_STAGES order)
TARGET_MS = 2000
SUMMARY = re.compile(r'id="bulk-summary"[^>]*>([^<]+)<')


def csrf_token(client: httpx.Client) -> str:
    page = client.get("/campaigns/1/").text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def bulk_move(client: httpx.Client, token: str, entry_ids: list[int], stage_id: int) -> tuple[float, str]:
    """One bulk move; its time in ms and the page's summary (e.g. "Moved 199 items; 1 refused.")."""
    data = {"csrf_token": token, "action": "move", "stage_id": str(stage_id), "entry": [str(i) for i in entry_ids]}
    started = time.perf_counter()
    response = client.post("/campaigns/1/bulk", data=data)
    elapsed = (time.perf_counter() - started) * 1000
    found = SUMMARY.search(response.text)
    if response.status_code != 200 or found is None:
        raise SystemExit(f"bulk move answered {response.status_code}: {response.text[:300]}")
    return elapsed, found.group(1)


def measure(base: str, cookie: str, repeats: int = 7) -> dict:
    """Median times of the 200-card and the 1-card bulk move, alternated, with what they did."""
    many, one, summaries = [], [], set()
    with httpx.Client(base_url=base, headers={"Cookie": cookie}, timeout=120) as client:
        token = csrf_token(client)
        bulk_move(client, token, list(range(1, CARDS + 1)), STAGES[1])  # warm up
        for repeat in range(repeats):
            stage = STAGES[repeat % 2]
            elapsed, summary = bulk_move(client, token, list(range(1, CARDS + 1)), stage)
            many.append(elapsed)
            summaries.add(summary)
            one.append(bulk_move(client, token, [CARDS + 1 + repeat % 2], stage)[0])
    return {"many_ms": statistics.median(many), "one_ms": statistics.median(one), "repeats": repeats,
            "all_many_ms": many, "summaries": sorted(summaries)}


def report(numbers: dict) -> bool:
    """Print the bulk move's line; whether it met its target."""
    many, one = numbers["many_ms"], numbers["one_ms"]
    met = many < TARGET_MS
    print(f"\nbulk move of {CARDS} cards on the 2,000-entry board (median of {numbers['repeats']}, alternated "
          f"with the baseline):\n  {CARDS} cards {many:8.1f} ms   1 card (baseline) {one:6.1f} ms   "
          f"ratio {many / one:5.1f}   per card {(many - one) / (CARDS - 1):5.2f} ms   target <{TARGET_MS} ms  "
          f"{'met' if met else 'NOT MET'}")
    print(f"  every run (ms): {', '.join(f'{value:.0f}' for value in numbers['all_many_ms'])}; "
          f"pages said: {' / '.join(numbers['summaries'])}")
    return met
