"""The listening pages: monitors by managers, the mentions stream with filters and CSV,
voices one click from a shortlist, alerts read and counted."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

from sqlmodel import select

from outreach.core.mentions import announce, record_mentions
from outreach.core.models import Monitor, Notification, PipelineEntry, Post, User
from outreach.core.monitors import save_monitor
from tests.factories import make_blogger, make_campaign_with_entries


def listening_setup(session, users):
    """A monitor watched by the manager, and a blog post that names it."""
    manager = session.get(User, users["manager"][0])
    monitor = save_monitor(session, manager, None, name="Trailfox", terms="Trailfox")
    blogger = make_blogger(session, "Rita Ridge", slug="rita")
    from outreach.core.models import Blog

    blog = session.exec(select(Blog).where(Blog.blogger_id == blogger.id)).one()
    post = Post(blog_id=blog.id, key="p1", url="https://rita.example/p1", title="Ridge run",
                text="Fifty miles in my Trailfox vest.", published_at=datetime.now(timezone.utc) - timedelta(days=1),
                comment_count=4)
    session.add(post)
    session.flush()
    announce(session, record_mentions(session, [post.id]), {})
    session.commit()
    return monitor, blogger


def test_staff_watch_but_only_managers_create_monitors(client, auth, session, users):
    auth.login("staff@example.com")
    assert client.get("/monitors/new").status_code == 403
    assert client.post("/monitors/new", data={"name": "X", "terms": "x"}).status_code == 403
    auth.logout()
    auth.login("manager@example.com")
    response = client.post("/monitors/new", data={"name": "Trailfox", "terms": "Trailfox, Trail Fox",
                                                  "exclusions": "trail fox sightings",
                                                  "watcher_ids": [str(users["staff"][0])]})
    assert response.status_code == 302
    monitor = session.exec(select(Monitor)).one()
    assert (monitor.terms, monitor.exclusions) == (["Trailfox", "Trail Fox"], ["trail fox sightings"])
    bad = client.post("/monitors/new", data={"name": "Empty", "terms": ",, ,"})
    assert bad.status_code == 400 and b"needs" in bad.data  # the form refuses, nothing stored
    assert len(session.exec(select(Monitor)).all()) == 1


def test_mentions_page_filters_and_exports(client, auth, session, users):
    listening_setup(session, users)
    auth.login("staff@example.com")
    page = client.get("/mentions/").data.decode()
    assert "Fifty miles in my Trailfox vest." in page and "Rita Ridge" in page
    assert "Fifty miles" not in client.get("/mentions/?platform=youtube").data.decode()
    assert client.get("/mentions/?start=2026-12-01&end=2026-01-01").status_code == 200  # a bad range is said, not a 500
    exported = client.get("/mentions/export.csv")
    rows = list(csv.reader(io.StringIO(exported.data.decode())))
    assert rows[0][0] == "published" and rows[1][1] == "Trailfox" and rows[1][8] == "4"


def test_the_mentions_export_carries_each_posts_engagement_empty_where_unknown(client, auth, session, users):
    from outreach.core.models import Blog

    listening_setup(session, users)  # a blog post with 4 comments and no other figure
    read_at = datetime(2026, 12, 4, 9, 30, tzinfo=timezone.utc)
    account = Blog(feed_url="https://social.example/@rita.rss", homepage_url="https://social.example/@rita",
                   title="@rita@social.example", platform="mastodon")
    session.add(account)
    session.flush()
    toot = Post(blog_id=account.id, key="t1", url="https://social.example/@rita/1", title="=HYPERLINK(\"x\")",
                text="Trailfox vest again.", published_at=datetime.now(timezone.utc) - timedelta(hours=2),
                comment_count=3, shares=12, likes=57, engagement_source="Mastodon API (social.example)",
                engagement_read_at=read_at)
    session.add(toot)
    session.flush()
    announce(session, record_mentions(session, [toot.id]), {})
    session.commit()
    auth.login("staff@example.com")
    exported = client.get("/mentions/export.csv")
    rows = {row["post_url"]: row for row in csv.DictReader(io.StringIO(exported.data.decode()))}
    engagement = ("comments", "shares", "likes", "views", "engagement_source", "engagement_read")
    assert [rows["https://social.example/@rita/1"][column] for column in engagement] == [
        "3", "12", "57", "", "Mastodon API (social.example)", "2026-12-04T09:30:00+00:00"]
    assert [rows["https://rita.example/p1"][column] for column in engagement] == ["4", "", "", "", "", ""]
    assert rows["https://social.example/@rita/1"]["post_title"] == "'=HYPERLINK(\"x\")"  # never run as a formula


def test_a_new_voice_is_shortlisted_in_one_click(client, auth, session, users):
    _, blogger = listening_setup(session, users)
    campaign, _ = make_campaign_with_entries(session, users["manager"][0], names=())
    auth.login("manager@example.com")
    voices = client.get("/mentions/voices").data.decode()
    assert "Rita Ridge" in voices and "New voice" in voices
    client.post("/mentions/voices/shortlist", data={"campaign_id": campaign.id, "blogger_id": blogger.id})
    entry = session.exec(select(PipelineEntry)).one()
    assert (entry.campaign_id, entry.blogger_id) == (campaign.id, blogger.id)
    assert "New voice" not in client.get("/mentions/voices").data.decode()


def test_alerts_are_counted_in_the_menu_and_marked_read(client, auth, session, users):
    listening_setup(session, users)
    auth.login("manager@example.com")
    assert 'data-testid="alert-count">1<' in client.get("/").data.decode()
    assert "1 new mention of Trailfox" in client.get("/alerts/").data.decode()
    client.post("/alerts/read")
    assert 'data-testid="alert-count"' not in client.get("/").data.decode()
    assert session.exec(select(Notification)).one().read_at is not None
