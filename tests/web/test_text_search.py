"""The directory's text search: what it finds, and the SQLite index kept in step with the data."""

from __future__ import annotations

from sqlalchemy import delete, insert, update
from sqlmodel import select

from outreach.core.models import Blog, Blogger
from outreach.web.bloggers.queries import COUNT_CAP, PAGE_SIZE, DirectoryFilters, directory_page
from outreach.web.bloggers.text_search import uses_text_index
from tests.factories import make_blogger


def titles(session, text, page=1, **filters):
    rows, total = directory_page(session, DirectoryFilters(text=text, **filters), page)
    return [row.title for row in rows], total


def test_the_index_is_used_on_sqlite_and_like_elsewhere(session):
    on_sqlite = session.get_bind().dialect.name == "sqlite"
    assert uses_text_index(session.connection(), "roast") is on_sqlite
    assert uses_text_index(session.connection(), "ro") is False  # shorter than a trigram


def test_finds_text_in_title_address_or_blogger_name_ignoring_case(session):
    make_blogger(session, "Maya Pour", slug="maya")
    make_blogger(session, "Leo Trail", slug="leo")
    session.add(Blog(feed_url="https://roastery.example/feed", homepage_url="https://roastery.example/",
                     title="Bean notes"))
    session.commit()
    assert titles(session, "pour") == (["Maya Pour's blog"], 1)  # the blogger's name
    assert titles(session, "ROASTERY") == (["Bean notes"], 1)  # the address
    assert titles(session, "bean NO") == (["Bean notes"], 1)  # a phrase, across a space
    assert titles(session, "s blog") == (["Leo Trail's blog", "Maya Pour's blog"], 2)
    assert titles(session, "tR") == (["Leo Trail's blog"], 1)  # too short for the index
    assert titles(session, "nothing like it") == ([], 0)


def test_quotes_and_wildcards_are_taken_literally(session):
    for feed, title in (("a", 'The "best" beans'), ("b", "100% arabica"), ("c", "1000 arabica"),
                        ("d", "cold_brew"), ("e", "cold brew"), ("f", "AND OR NOT * ^")):
        session.add(Blog(feed_url=f"https://{feed}.example/feed", title=title))
    session.commit()
    assert titles(session, '"best"') == (['The "best" beans'], 1)
    assert titles(session, "0% ar") == (["100% arabica"], 1)
    assert titles(session, "d_b") == (["cold_brew"], 1)
    assert titles(session, "OR NOT *") == (["AND OR NOT * ^"], 1)
    assert titles(session, '"') == (['The "best" beans'], 1)


def test_the_index_follows_renames_moves_and_deletions(session):
    maya = make_blogger(session, "Maya Pour", slug="maya")
    leo = make_blogger(session, "Leo Trail", slug="leo")
    session.commit()
    maya_blog = session.exec(select(Blog).where(Blog.blogger_id == maya.id)).one()
    maya_blog.title = "Filter diaries"
    session.add(maya_blog)
    session.commit()
    assert titles(session, "pour's blog") == ([], 0)
    assert titles(session, "filter diar") == (["Filter diaries"], 1)

    maya.name = "Maya Brew"
    session.add(maya)
    session.commit()
    assert titles(session, "maya pour") == ([], 0)
    assert titles(session, "maya brew") == (["Filter diaries"], 1)

    maya_blog.blogger_id = leo.id  # the blog changes hands
    session.add(maya_blog)
    session.commit()
    assert titles(session, "maya brew") == ([], 0)
    assert titles(session, "leo trail") == (["Filter diaries", "Leo Trail's blog"], 2)

    session.delete(session.get(Blogger, leo.id))  # the blogs stay, without a blogger
    session.commit()
    assert titles(session, "leo trail") == (["Leo Trail's blog"], 1)  # now only its title says so
    session.execute(delete(Blog).where(Blog.title == "Leo Trail's blog"))
    session.commit()
    assert titles(session, "leo trail") == ([], 0)


def test_writes_outside_the_orm_reach_the_index_too(session):
    session.execute(insert(Blog), [{"feed_url": f"https://c{n}.example/feed", "title": f"Crema {n}",
                                    "homepage_url": "", "status": "active", "source": "url", "notes": "",
                                    "description": "", "error_count": 0} for n in range(3)])
    session.execute(update(Blog).where(Blog.title == "Crema 1").values(title="Latte art"))
    session.commit()
    assert titles(session, "crema") == (["Crema 0", "Crema 2"], 2)
    assert titles(session, "latte") == (["Latte art"], 1)


def test_a_search_with_many_matches_pages_in_sort_order_and_counts_to_the_cap(session):
    # More matches than the count shows, so pages walk the sort's index (on SQLite).
    rows = [{"feed_url": f"https://r{n}.example/feed", "title": f"Roast {(n * 7919) % 1103:04d}",
             "homepage_url": "", "status": "active", "source": "url", "notes": "", "description": "",
             "error_count": 0} for n in range(COUNT_CAP + 50)]
    rows += [{**row, "feed_url": row["feed_url"].replace("://r", "://x"), "title": row["title"].replace(
        "Roast", "Brew")} for row in rows[:200]]
    session.execute(insert(Blog), rows)
    session.commit()
    expected = sorted(row["title"] for row in rows if row["title"].startswith("Roast"))
    first, total = titles(session, "roast")
    assert total == COUNT_CAP + 1
    assert first == expected[:PAGE_SIZE]
    assert titles(session, "roast", page=3)[0] == expected[2 * PAGE_SIZE:3 * PAGE_SIZE]
    newest_first = [row["title"] for row in reversed(rows) if row["title"].startswith("Roast")]
    assert titles(session, "roast", sort="added")[0] == newest_first[:PAGE_SIZE]
    # With another filter too, the count reads the blogs rather than the index alone.
    assert titles(session, "roast", status="warm") == ([], 0)


def test_a_search_holding_a_nul_finds_what_it_would_without_it(client, auth, session):
    make_blogger(session, "Maya Pour", slug="maya")
    session.commit()
    auth.login()
    for text in ("Maya\x00 Pour", "\x00", "Ma\x00"):
        response = client.get("/blogs/", query_string={"q": text})
        assert response.status_code == 200 and "Maya Pour" in response.data.decode()
