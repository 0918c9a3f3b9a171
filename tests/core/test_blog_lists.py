"""OPML and CSV lists: bad rows reported by line, good rows imported, safe parsing, export."""

from __future__ import annotations

import pytest
from sqlmodel import select

from outreach.core.blog_intake import import_rows
from outreach.core.blog_lists import ListError, export_csv, export_opml, parse_csv, parse_opml
from outreach.core.models import Blog, BlogTag, ContactDetail
from tests.local_site import GOLDEN


def test_opml_nested_outlines_categories_and_bad_rows():
    rows, problems = parse_opml((GOLDEN / "lists.opml").read_bytes())
    assert [(row.line, row.feed_url or row.url) for row in rows] == [
        (6, "http://blog.example/feed.xml"), (8, "http://home.example/"), (11, "http://blog.example/feed.xml")]
    assert rows[0].tags == ["Coffee"] and rows[1].tags == ["Coffee", "espresso", "reviews"]
    assert [str(problem) for problem in problems] == [
        "line 7: outline 'Broken': only http and https URLs can be fetched, not ftp: 'ftp://nope.example/feed'",
        "line 10: outline 'Nothing here' has neither xmlUrl nor htmlUrl"]


def test_opml_entity_expansion_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b"<opml><body><outline text='&lol2;' xmlUrl='http://a.example/'/></body></opml>")
    with pytest.raises(ListError, match="refused for safety"):
        parse_opml(bomb)
    external = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><opml><body/></opml>'
    with pytest.raises(ListError, match="refused for safety"):
        parse_opml(external)
    with pytest.raises(ListError, match="not an OPML file"):
        parse_opml(b"<html><body>nope</body></html>")


def test_csv_header_detected_and_bad_rows_reported():
    rows, problems = parse_csv((GOLDEN / "lists.csv").read_text())
    assert [(row.line, row.url, row.email, row.tags) for row in rows] == [
        (2, "http://blog.example/", "maya@blog.example", ["coffee", "espresso"]),
        (6, "http://trail.example/", "", ["running"])]
    assert [problem.line for problem in problems] == [3, 4, 5]
    assert "not an email address" in problems[1].reason


def test_csv_without_header_takes_columns_in_order():
    rows, problems = parse_csv("Anna,anna.example,anna@anna.example,a;b,hello\n")
    assert (rows[0].name, rows[0].url, rows[0].notes, problems) == ("Anna", "http://anna.example/", "hello", [])


def test_import_keeps_good_rows_and_skips_known(session):
    rows, problems = parse_opml((GOLDEN / "lists.opml").read_bytes())
    report = import_rows(session, rows, problems, source="opml")
    session.commit()
    assert (report.added, report.already_known, len(report.problems)) == (2, 1, 2)
    statuses = dict(session.exec(select(Blog.feed_url, Blog.status)).all())
    assert statuses == {"http://blog.example/feed.xml": "active", "http://home.example/": "pending"}
    assert set(session.exec(select(BlogTag.tag))) == {"coffee", "espresso", "reviews"}
    rows, problems = parse_csv((GOLDEN / "lists.csv").read_text())
    report = import_rows(session, rows, problems, source="csv")
    session.commit()
    # Line 2's homepage is the OPML's first blog's: a duplicate, reported and skipped.
    assert report.added == 1
    assert [str(row) for row in report.duplicates] == [
        "line 2: http://blog.example/ is already in the directory as 'http://blog.example/' (blog 1): skipped"]
    assert session.exec(select(ContactDetail.found_by)).all() == []


def test_import_skips_blogs_already_in_the_directory_after_normalising(session):
    from tests.factories import make_blogger

    make_blogger(session, "Maya Pour", slug="maya")  # https://maya.example/ and its /feed
    rows, problems = parse_csv("name,url\nMaya again,http://www.Maya.example\nMaya feed,https://maya.example/feed/\n"
                               "New one,https://new.example/\nNew again,new.example\n")
    report = import_rows(session, rows, problems, source="csv")
    session.commit()
    assert report.added == 1
    assert [row.line for row in report.duplicates] == [2, 3, 5]
    assert "already in the directory as \"Maya Pour's blog\"" in str(report.duplicates[0])
    assert report.line() == ("1 blogs added, 3 skipped as duplicates of blogs already in the directory, "
                             "0 rows with problems")
    assert len(session.exec(select(Blog)).all()) == 2


def test_export_round_trip():
    blogs = [{"title": "A & B", "feed_url": "http://a.example/feed", "homepage_url": "http://a.example/",
              "tags": ["x"], "name": "=HYPERLINK()", "email": "", "notes": ""}]
    rows, problems = parse_opml(export_opml(blogs))
    assert (rows[0].feed_url, rows[0].name, rows[0].tags, problems) == ("http://a.example/feed", "A & B", ["x"], [])
    csv_text = export_csv(blogs)
    assert "'=HYPERLINK()" in csv_text
    assert parse_csv(csv_text)[0][0].url == "http://a.example/"


def test_adding_one_blog_by_another_spelling_finds_the_one_known(session):
    from outreach.core.blog_intake import queue_blog
    from tests.factories import make_blogger

    make_blogger(session, "Maya Pour", slug="maya")
    blog, created = queue_blog(session, "http://www.maya.example", None)
    assert (created, blog.feed_url) == (False, "https://maya.example/feed")


def test_a_csv_s_other_columns_fill_the_team_s_fields(session, users):
    from outreach.core.custom_fields import add_field, values_of
    from outreach.core.models import Blogger, User

    manager = session.get(User, users["manager"][0])
    rate = add_field(session, manager, "Rate", "number")
    audience = add_field(session, manager, "Audience", "choice", ["Parents", "Students"])
    rows, problems = parse_csv("name,url,RATE,audience,Shoe size\n"
                               "Anna,anna.example,\"1,200\",Parents,38\n"
                               "Ben,ben.example,lots,Students,\n"
                               "Cat,cat.example,,,\n")
    assert rows[0].extra == {"RATE": "1,200", "audience": "Parents", "Shoe size": "38"} and rows[2].extra == {}
    report = import_rows(session, rows, problems, source="csv")
    session.commit()
    assert report.added == 3
    assert [str(problem) for problem in report.problems] == [
        "line 1: columns Shoe size name no field of the team's on bloggers: not read",
        "line 3: http://ben.example/: added, without Rate: a number, such as 1500 or 12.5."]
    names = dict(session.exec(select(Blogger.name, Blogger.id)).all())
    values = values_of(session, names.values())
    assert values[names["Anna"]] == {rate.id: "1200", audience.id: "Parents"}
    assert values[names["Ben"]] == {audience.id: "Students"} and values[names["Cat"]] == {}
