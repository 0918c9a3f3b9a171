"""A crawl and what follows it: coverage proposals from the new posts, then the index."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlmodel import select

from crawlers.refresh import refresh_blog
from outreach.core.blog_intake import create_blog
from outreach.core.campaigns import create_campaign
from outreach.core.models import Coverage, User
from outreach.core.pipeline import add_blogger_to_campaign, log_pitch
from outreach.jobs.crawl_and_index import crawl_and_index
from scoring import load_index


def pitched_blog(session, site, users, terms=("burr alignment",)):
    """A blog whose blogger was pitched in a campaign watching these brand terms."""
    site.golden("/feed.xml", "rss.xml")
    blog = create_blog(session, site.url + "/feed.xml", source="url")
    manager = session.get(User, users["manager"][0])
    campaign = create_campaign(session, manager, "Grinders", brand="Burrworks", brand_terms=list(terms))
    entry = add_blogger_to_campaign(session, manager, campaign, blog.blogger_id)
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="", follow_up_on=None,
              sent_at=datetime(2026, 10, 1, tzinfo=timezone.utc) - timedelta(days=1))
    session.commit()
    return blog


def test_new_posts_naming_the_brand_become_coverage_proposals(engine, session, site, options, users,
                                                              tmp_path):
    pitched_blog(session, site, users)
    summary = crawl_and_index(engine, tmp_path / "index", options, concurrency=1)
    assert summary.new_posts == 2
    proposals = session.exec(select(Coverage)).all()
    assert [(c.title, c.matched_terms, c.status) for c in proposals] == [
        ("Dialing in a new grinder", ["burr alignment"], "proposed")]
    assert proposals[0].comments == 12  # the feed's comment count, Kaushik's conversation
    assert len(load_index(tmp_path / "index").posts) == 2  # then the index took the new posts


def test_the_crawler_alone_stores_posts_and_knows_nothing_of_campaigns(session, site, options, users):
    blog = pitched_blog(session, site, users)
    assert refresh_blog(session, blog.id, options=options).new_posts == 2
    assert session.exec(select(Coverage)).all() == []


def test_a_tick_with_nothing_to_fetch_still_drops_a_forgotten_bloggers_posts_from_the_index(
        engine, session, site, options, users, tmp_path):
    from outreach.core.forgetting import forget_blogger
    from outreach.core.models import Blog, Blogger, IndexChunk
    from outreach.core.search_index import index_identity

    blog = pitched_blog(session, site, users)
    crawl_and_index(engine, tmp_path / "index", options, concurrency=1)
    assert len(load_index(tmp_path / "index").posts) == 2
    forget_blogger(session, session.get(User, users["admin"][0]), session.get(Blogger, blog.blogger_id))
    session.commit()
    assert session.exec(select(Blog)).all() == []
    summary = crawl_and_index(engine, tmp_path / "index", options, concurrency=1)  # no blog is due
    assert summary.fetched == 0
    index = load_index(tmp_path / "index")
    assert len(index.posts) == 0 and len(index.blogs) == 0
    # The generation before, which still holds their posts, is not kept for readers either.
    session.expire_all()
    assert set(session.exec(select(IndexChunk.generation))) == {index_identity(session).generation}


def test_a_tick_drops_a_deleted_blogs_posts_though_a_new_blog_took_its_place_in_the_count(
        engine, session, site, options, users, tmp_path):
    from outreach.core.lifecycle import delete_blog
    from outreach.core.models import Blog, IndexChunk
    from outreach.core.search_index import blogs_removed_since_publish, index_identity

    blog = pitched_blog(session, site, users)
    crawl_and_index(engine, tmp_path / "index", options, concurrency=1)
    delete_blog(session, session.get(User, users["admin"][0]), blog)
    newcomer = create_blog(session, "https://newcomer.example/feed.xml", source="url")
    newcomer.next_check_at = datetime.now(timezone.utc) + timedelta(days=1)  # not fetched this tick
    session.commit()
    newcomer_id = newcomer.id
    assert len(session.exec(select(Blog)).all()) == len(load_index(tmp_path / "index").blogs) == 1
    assert blogs_removed_since_publish(session)
    summary = crawl_and_index(engine, tmp_path / "index", options, concurrency=1)
    assert summary.fetched == 0
    index = load_index(tmp_path / "index")
    assert len(index.posts) == 0 and index.blogs.blog_ids.tolist() == [newcomer_id]
    session.expire_all()
    published = index_identity(session).generation
    assert set(session.exec(select(IndexChunk.generation))) == {published}
    assert not blogs_removed_since_publish(session)
    crawl_and_index(engine, tmp_path / "index", options, concurrency=1)  # nothing changed: nothing published
    session.expire_all()
    assert index_identity(session).generation == published


def test_the_crawl_reads_the_language_each_blog_writes_in(engine, session, site, options, users, tmp_path):
    from outreach.core.models import Blog, Post
    from outreach.jobs.languages import read_languages
    from tests.crawlers.test_language import NOTES

    items = "".join(f"<item><title>Eintrag {n}</title><link>{site.url}/de/{n}</link><guid>{site.url}/de/{n}</guid>"
                    f"<pubDate>Mon, 0{n} Nov 2026 08:00:00 GMT</pubDate><description>{text}</description></item>"
                    for n, text in enumerate([NOTES["de"], NOTES["de"], NOTES["en"]], start=1))
    site.route("/de.xml", body=(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Kaffee</title>'
                                f'<link>{site.url}/</link><language>en-us</language>{items}</channel></rss>').encode())
    site.golden("/feed.xml", "rss.xml")
    german = create_blog(session, site.url + "/de.xml", source="url")
    english = create_blog(session, site.url + "/feed.xml", source="url")
    session.commit()
    assert german.language is None  # not read yet
    crawl_and_index(engine, tmp_path / "index", options, concurrency=1)
    session.expire_all()
    # The feed claims en-us (a theme's default); two of its three posts are German. The other
    # blog's two posts are a line each: too little to say.
    assert (session.get(Blog, german.id).language, session.get(Blog, english.id).language) == ("de", "")
    # A blog stored before languages were read is read by a later tick, new posts or not.
    session.get(Blog, german.id).language = None
    session.commit()
    assert read_languages(engine) == 1
    session.expire_all()
    assert session.get(Blog, german.id).language == "de"
    assert len(session.exec(select(Post).where(Post.blog_id == german.id)).all()) == 3
