"""The demo's two held-back blogs: found by discovering blogs for their niche, their feeds read
and placed near the top of it, all by the crawl ticks the demo runs."""

from __future__ import annotations

from sqlmodel import Session, select

from crawlers.options import CrawlOptions
from outreach.core.candidates import fit_for
from outreach.core.db import make_engine, upgrade_schema
from outreach.core.models import Blog, BlogCandidate, Niche, utcnow
from outreach.demo.setup import HELD_BACK, build_demo
from outreach.demo.site import DemoServer
from outreach.jobs.crawl_and_index import crawl_and_index


def test_discovery_for_a_niche_finds_the_held_back_blog_and_says_where_it_would_rank(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    upgrade_schema(engine)
    options = CrawlOptions(allow_private_networks=True, politeness_delay=0.0, per_host_limit=4)
    with DemoServer() as site:
        build_demo(engine, site.url, tmp_path / "index", options)
        with Session(engine) as session:
            assert not [url for url in session.exec(select(Blog.feed_url)) if any(slug in url for slug in HELD_BACK)]
            finance = session.exec(select(Niche).where(Niche.name == "Personal finance & budgeting")).one()
            finance.discovery_requested_at = utcnow()  # as "Find candidates" on the Discover page asks
            session.commit()
            niche_id = finance.id
        crawl_and_index(engine, tmp_path / "index", options, blog_ids=[])  # the demo's next tick
    with Session(engine) as session:
        held = session.exec(select(BlogCandidate).where(BlogCandidate.url == f"{site.url}/blogs/sinking-funds-club/")).one()
        assert held.found_how == "blogroll" and held.read_at is not None
        assert held.preview["title"] == "Sinking Funds Club" and len(held.preview["posts"]) == 5
        fit = fit_for(held, niche_id)
        assert fit["place"] <= 3 and fit["score"] >= 40, fit
    engine.dispose()
