"""Niches' seed URLs, read by the crawl from real pages on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta

from crawlers.fetch import Fetcher
from crawlers.options import CrawlOptions
from crawlers.seeds import read_seeds
from outreach.core.models import NicheSeed
from outreach.core.niches import create_niche, get_niche, niche_seeds, niche_spec
from scoring import build_index_from_db, rank_niche
from tests.factories import NOW, Collection

ARTICLE = (b"<!doctype html><html><head><title>Dialling in espresso</title></head><body>"
           b"<nav>Home | About | Shop | Subscribe</nav><header>The Coffee Corner</header>"
           b"<article><h1>Dialling in espresso</h1><p>Grind finer until the shot runs in thirty seconds; "
           b"the crema turns golden and the tamper needs an even press.</p></article>"
           b"<aside>Popular posts</aside><footer>Copyright and cookie settings</footer>"
           b"<script>var tracking = 1;</script></body></html>")


def seed_urls(session, name: str, urls: list[str], brief: str = "coffee at home") -> None:
    create_niche(session, name, brief, seed_urls=urls)
    session.commit()


def seeds_by_url(session, name: str) -> dict[str, NicheSeed]:
    return {seed.url: seed for seed in niche_seeds(session, get_niche(session, name).id)}


def test_a_seed_page_is_read_once_as_its_articles_text(engine, session, site, fetcher):
    site.route("/espresso", body=ARTICLE, content_type="text/html; charset=utf-8")
    seed_urls(session, "Coffee", [f"{site.url}/espresso"])
    assert read_seeds(engine, fetcher) == 1
    session.expire_all()
    seed = seeds_by_url(session, "Coffee")[f"{site.url}/espresso"]
    assert seed.text.startswith("Dialling in espresso. Dialling in espresso Grind finer")
    assert "crema turns golden" in seed.text
    assert not any(chrome in seed.text for chrome in ("Subscribe", "Coffee Corner", "Popular", "cookie", "tracking"))
    assert seed.fetched_at is not None and seed.error == ""
    assert read_seeds(engine, fetcher) == 0  # read once
    assert len(site.hits("/espresso")) == 1
    assert "crema turns golden" in niche_spec(session, get_niche(session, "Coffee")).seed_texts[0]


def test_a_seed_that_cannot_be_read_keeps_the_reason_and_is_not_retried(engine, session, site, fetcher):
    site.route("/gone", body=b"gone", status=404, content_type="text/html")
    site.route("/photo.png", body=b"\x89PNG\r\n", content_type="image/png")
    site.route("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.route("/private/espresso", body=ARTICLE, content_type="text/html")
    site.route("/empty", body=b"<html><body><nav>menu</nav></body></html>", content_type="text/html")
    urls = [f"{site.url}{path}" for path in ("/gone", "/photo.png", "/private/espresso", "/empty")]
    seed_urls(session, "Coffee", urls)
    assert read_seeds(engine, fetcher) == 4
    session.expire_all()
    errors = {url.removeprefix(site.url): seed.error for url, seed in seeds_by_url(session, "Coffee").items()}
    assert errors["/gone"].endswith("answered HTTP 404")
    assert "is not a web page (image/png)" in errors["/photo.png"]
    assert "robots.txt" in errors["/private/espresso"]
    assert errors["/empty"].endswith("has no text to learn from")
    assert read_seeds(engine, fetcher) == 0
    assert niche_spec(session, get_niche(session, "Coffee")).seed_texts == ()


def test_a_seed_on_a_private_address_is_refused_unless_allowed(engine, session, site):
    site.route("/espresso", body=ARTICLE, content_type="text/html")
    seed_urls(session, "Coffee", [f"{site.url}/espresso"])
    with Fetcher(CrawlOptions(allow_private_networks=False, politeness_delay=0.0)) as fetcher:
        read_seeds(engine, fetcher)
    session.expire_all()
    seed = seeds_by_url(session, "Coffee")[f"{site.url}/espresso"]
    assert seed.text == "" and "127.0.0.1" in seed.error
    assert site.hits("/espresso") == []


def test_a_seed_url_of_a_post_crawled_later_takes_the_posts_text(engine, session, site, fetcher):
    collection = Collection(session)
    blog = collection.blog("Brewer", ["cooking"])
    seed_urls(session, "Coffee", ["https://brewer.example/espresso"])
    assert seeds_by_url(session, "Coffee")["https://brewer.example/espresso"].fetched_at is None
    post = collection.post(blog, None, NOW - timedelta(days=1), title="Espresso", text="A golden crema, a finer grind.")
    post.url = "https://brewer.example/espresso"  # the crawl found the post after the seed was given
    session.commit()
    read_seeds(engine, fetcher)
    session.expire_all()
    seed = seeds_by_url(session, "Coffee")["https://brewer.example/espresso"]
    assert (seed.post_id, seed.text) == (post.id, "A golden crema, a finer grind.")
    assert site.requests == []


def test_a_blog_given_as_a_seed_lends_its_newest_posts(engine, session, site, fetcher):
    collection = Collection(session)
    for number in range(6):
        collection.blog(f"Cook {number}", ["cooking"] * 6)
    example = collection.blog("Espresso Example", [])
    for number in range(12):
        collection.post(example, None, NOW - timedelta(days=1 + number), title=f"Shot {number}",
                        text=f"Shot {number}: espresso with a golden crema, a finer grind and a firm tamp.")
    twin = collection.blog("Espresso Twin", [])
    for number in range(5):
        collection.post(twin, None, NOW - timedelta(days=2 + number), title=f"Brew {number}",
                        text="Morning espresso: golden crema, finer grind, firm tamp, thirty seconds.")
    session.commit()
    seed_urls(session, "Home espresso", [example.homepage_url], brief="home baristas")
    seed = seeds_by_url(session, "Home espresso")[example.homepage_url]
    assert seed.fetched_at is not None and seed.text == ""  # nothing to fetch: we hold the blog
    read_seeds(engine, fetcher)
    assert site.requests == []
    spec = niche_spec(session, get_niche(session, "Home espresso"))
    assert len(spec.seed_texts) == 10 and spec.seed_texts[0].startswith("Shot 0:")
    ranking = rank_niche(build_index_from_db(session), spec, now=NOW)
    assert [b.name for b in ranking.bloggers[:2]] == ["Espresso Example", "Espresso Twin"]


def test_every_crawl_reads_the_new_seed_pages(engine, session, site, options, tmp_path):
    from outreach.jobs.crawl_and_index import crawl_and_index

    site.route("/espresso", body=ARTICLE, content_type="text/html")
    seed_urls(session, "Coffee", [f"{site.url}/espresso"])
    crawl_and_index(engine, tmp_path / "index", options)
    session.expire_all()
    assert "crema turns golden" in seeds_by_url(session, "Coffee")[f"{site.url}/espresso"].text


def test_a_seed_another_scheduler_is_reading_is_left_to_it_until_its_lease_runs_out(engine, session, site, fetcher):
    from datetime import datetime, timezone

    site.route("/espresso", body=ARTICLE, content_type="text/html; charset=utf-8")
    site.route("/latte", body=ARTICLE, content_type="text/html; charset=utf-8")
    seed_urls(session, "Coffee", [f"{site.url}/espresso", f"{site.url}/latte"])
    held = seeds_by_url(session, "Coffee")[f"{site.url}/espresso"]
    now = datetime.now(timezone.utc)
    held.claimed_by, held.claimed_until = "another scheduler", now + timedelta(minutes=10)
    session.commit()
    assert read_seeds(engine, fetcher) == 1  # the free one only
    assert site.hits("/espresso") == [] and len(site.hits("/latte")) == 1
    held.claimed_until = now - timedelta(seconds=1)  # the other scheduler died
    session.commit()
    assert read_seeds(engine, fetcher) == 1
    session.expire_all()
    seed = seeds_by_url(session, "Coffee")[f"{site.url}/espresso"]
    assert "crema turns golden" in seed.text and seed.claimed_by == "" and seed.claimed_until is None
    assert len(site.hits("/espresso")) == 1
