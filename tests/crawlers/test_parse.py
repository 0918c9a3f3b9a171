"""Feeds to records, from golden files: one test per rule."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from crawlers.parse import FeedError, parse_feed
from tests.local_site import GOLDEN


def golden(name):
    return (GOLDEN / name).read_bytes()


def test_rss_entries_keys_dates_authors_tags_comments():
    feed = parse_feed(golden("rss.xml"), {"content-type": "application/rss+xml"}, "http://blog.example/feed")
    assert feed.title == "Morning Pour" and feed.link == "http://blog.example/"
    first, second = feed.entries
    assert first.key == "mp-1" and first.author == "Maya Lindqvist" and first.tags == ["grinders"]
    assert first.published_at == datetime(2026, 10, 20, 5, 30, tzinfo=timezone.utc)
    assert first.comment_count == 12 and second.comment_count is None
    assert first.url == "http://blog.example/2026/10/grinder"  # made absolute


def test_html_is_sanitised_and_text_extracted():
    entry = parse_feed(golden("rss.xml"), {}, "http://blog.example/feed").entries[0]
    assert "script" not in entry.content_html and "onclick" not in entry.content_html
    assert 'rel="noopener noreferrer nofollow"' in entry.content_html
    assert entry.text == "Burr alignment matters. See this."
    # the link stays, for discovery (crawlers/candidates.py reads it from the stored HTML)
    assert 'href="http://other.example/post"' in entry.content_html


def test_atom_with_thread_counts_and_updated_only_dates():
    feed = parse_feed(golden("atom.xml"), {"content-type": "application/atom+xml"}, "http://trail.example/atom")
    shoes, updated = feed.entries
    assert shoes.comment_count == 7 and shoes.published_at == datetime(2026, 10, 24, 13, tzinfo=timezone.utc)
    assert updated.published_at is None and updated.updated_at == datetime(2026, 10, 1, 10, tzinfo=timezone.utc)
    assert feed.author == "Tess Okafor"


def test_json_feed():
    feed = parse_feed(golden("feed.json"), {"content-type": "application/feed+json"}, "http://json.example/feed.json")
    assert feed.title == "Grinder Diaries" and feed.author == "Luca Ferri"
    first, second = feed.entries
    assert first.key == "1" and "script" not in first.content_html and first.tags == ["burrs"]
    assert first.published_at == datetime(2026, 10, 18, 6, tzinfo=timezone.utc)
    assert second.url == "http://json.example/p/2" and second.text == "Plain words.\nSecond paragraph."


def test_malformed_feed_with_entries_is_accepted():
    feed = parse_feed(golden("malformed.xml"), {}, "http://sloppy.example/feed")
    assert feed.malformed
    assert [entry.key.rsplit("/", 1)[-1] for entry in feed.entries] == ["s-1", "s-2"]


def test_wrong_declared_encoding_still_reads_the_text():
    feed = parse_feed(golden("wrong_encoding.xml"), {"content-type": "text/xml; charset=utf-8"}, "http://latin.example/")
    assert len(feed.entries) == 1
    assert "sum" in feed.entries[0].title  # decoded somehow, never a crash


def test_duplicate_and_missing_guids_give_stable_distinct_keys():
    feed = parse_feed(golden("guids.xml"), {}, "http://guids.example/feed")
    keys = [entry.key for entry in feed.entries]
    # A GUID not marked isPermaLink="false" is a permalink, made absolute.
    assert keys[0] == "http://guids.example/dup" and keys.count(keys[0]) == 1  # the second "dup" is dropped
    assert "http://guids.example/link-only" in keys
    hashed = [key for key in keys if key not in (keys[0], "http://guids.example/link-only")]
    assert len(hashed) == 1 and len(hashed[0]) == 64
    again = parse_feed(golden("guids.xml"), {}, "http://guids.example/feed")
    assert [entry.key for entry in again.entries] == keys


@pytest.mark.parametrize("body", [b"", b"<html><body>Not a feed</body></html>", b"\x00\x01\x02binary",
                                  b'{"not": "a feed"}', b"{broken json"])
def test_not_a_feed_is_a_clear_error(body):
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(body, {}, "http://x.example/feed")


def test_relative_links_xml_base_and_permalink_guids_are_made_absolute():
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Relative</title><link>/</link>
  <item><title>One</title><link>/p/one</link><guid>p/one</guid></item>
  <item><title>Two</title><link>http://site.example/p/two</link><guid isPermaLink="false">two</guid></item>
  <item><title>Three</title><link>p/three</link><guid isPermaLink="false">urn:uuid:3</guid></item>
</channel></rss>"""
    feed = parse_feed(body, {"content-type": "application/rss+xml"}, "http://site.example/feeds/rss.xml")
    assert feed.link == "http://site.example/"
    one, two, three = feed.entries
    assert (one.key, one.url) == ("http://site.example/feeds/p/one", "http://site.example/p/one")
    assert (two.key, three.key) == ("two", "urn:uuid:3")  # not permalinks: kept as written
    assert three.url == "http://site.example/feeds/p/three"


def test_atom_xml_base_resolves_entry_links():
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://site.example/blog/">
  <title>Based</title><id>tag:site.example,2026:feed</id><updated>2026-10-01T10:00:00Z</updated>
  <entry><id>tag:site.example,2026:1</id><title>One</title><link href="posts/one"/>
    <updated>2026-10-01T10:00:00Z</updated></entry>
</feed>"""
    entry = parse_feed(body, {"content-type": "application/atom+xml"}, "http://site.example/atom.xml").entries[0]
    assert entry.key == "tag:site.example,2026:1" and entry.url == "http://site.example/blog/posts/one"


def test_malformed_links_are_dropped_and_the_entries_kept():
    """An unclosed "[" in a host makes Python's URL functions raise: a hostile feed's links."""
    body = json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Hostile", "home_page_url": "http://[home/",
        "items": [{"id": "1", "url": "http://[x/p", "content_text": "Kept."},
                  {"id": "2", "url": "https://ok.example/p/2?utm=1#top", "content_text": "Also kept."},
                  {"id": "3", "url": "https://ok.example/p/3", "content_text": "Plain."}],
    }).encode()
    feed = parse_feed(body, {"content-type": "application/feed+json"}, "http://hostile.example/feed.json")
    assert feed.link == ""
    assert [(entry.key, entry.url, entry.text) for entry in feed.entries] == [
        ("1", "", "Kept."), ("2", "https://ok.example/p/2?utm=1#top", "Also kept."),
        ("3", "https://ok.example/p/3", "Plain.")]
    # Without the feed's own address to resolve against, the malformed links are still dropped.
    unplaced = parse_feed(body, {"content-type": "application/feed+json"}, "")
    assert unplaced.link == "" and [entry.url for entry in unplaced.entries] == [
        "", "https://ok.example/p/2?utm=1#top", "https://ok.example/p/3"]


def test_plain_text_folds_spaces_and_keeps_paragraphs_and_drops_control_characters():
    body = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>T</title>"
            "<item><guid isPermaLink='false'>g\x01</guid><title>Tab\tand\x02 title</title><description>"
            "&lt;p&gt;  One \t two\u00a0three  &lt;/p&gt;\n\n&lt;p&gt;Four&amp;#1;five&lt;/p&gt;"
            "six&lt;br&gt;  &lt;br&gt;seven\u2028eight</description></item></channel></rss>").encode()
    entry = parse_feed(body, {"content-type": "application/rss+xml"}, "http://text.example/feed").entries[0]
    assert entry.text == "One two three\n\nFourfive\nsix\n\nseven eight"
    assert entry.title == "Tab and title" and entry.key == "g"
