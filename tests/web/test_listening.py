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


def test_share_of_voice_compares_brands_and_explains_bad_filters(client, auth, session, users):
    monitor, _ = listening_setup(session, users)
    rival = save_monitor(session, session.get(User, users["manager"][0]), None, name="Ridgeline", terms="Ridgeline")
    session.commit()
    auth.login("staff@example.com")
    page = client.get("/mentions/share").get_data(as_text=True)  # the last 12 weeks, every active monitor
    assert "<td>Trailfox</td><td>1</td>" in page and '<td data-testid="mention-share">100.0%</td>' in page
    assert "<td>Ridgeline</td><td>0</td>" in page
    only = client.get(f"/mentions/share?monitors={rival.id}&start=2026-01-01&end=2026-01-31").get_data(as_text=True)
    assert "Ridgeline" in only and "<td>Trailfox</td>" not in only and "2026-01-01 to 2026-01-31" in only
    bad = client.get("/mentions/share?start=2026-02-01&end=2026-01-01")
    assert bad.status_code == 200 and "The end date is before the start date." in bad.get_data(as_text=True)
    assert client.get("/mentions/share?monitors=abc").status_code == 200
    for edge in ("end=0001-01-05", "start=0001-01-01&end=0001-01-01", "start=9999-12-25&end=9999-12-31",
                 "monitors=99999999999999999999"):
        assert client.get(f"/mentions/share?{edge}").status_code == 200, edge
    long = client.get("/mentions/share?start=2020-01-01&end=2026-01-01").get_data(as_text=True)
    assert "At most 104 weeks are charted" in long and "2024-01-08 to 2026-01-01" in long
    rows = list(csv.DictReader(io.StringIO(client.get(f"/mentions/share.csv?monitors={monitor.id}")
                                           .get_data(as_text=True))))
    assert [(row["brand"], row["mentions"], row["mention_share"]) for row in rows] == [("Trailfox", "1", "1.0")]
    assert client.get("/mentions/share.csv?start=2026-02-01&end=2026-01-01").status_code == 400


def test_a_new_monitor_s_webhook_secret_is_sealed_and_shown_unsealed(app, client, auth, session, users):
    from outreach.core.mail.secrets import make_key

    app.config["MAIL_KEY"] = make_key()
    auth.login("manager@example.com")
    client.post("/monitors/new", data={"name": "Trailfox", "terms": "Trailfox", "webhook_url": "https://hooks.example/x",
                                       "watcher_ids": [users["manager"][0]]})
    monitor = session.exec(select(Monitor)).one()
    assert monitor.webhook_secret.startswith("sealed:")
    page = client.get(f"/monitors/{monitor.id}/edit").get_data(as_text=True)
    shown = page.split('data-testid="webhook-secret">', 1)[1].split("<", 1)[0]
    assert len(shown) == 43 and shown not in monitor.webhook_secret
    app.config["MAIL_KEY"] = make_key()  # a server given another key cannot read it, and says so
    assert "sealed under an OUTREACH_MAIL_KEY this server does not have" in client.get(
        f"/monitors/{monitor.id}/edit").get_data(as_text=True)
