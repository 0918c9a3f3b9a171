"""Listening: a crawl's new posts matched against the monitors; watchers told within the same
tick (in the app and by email); mentions sent to a signed webhook, retried when it fails."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select
from werkzeug.wrappers import Response

from outreach.core.blog_intake import create_blog
from outreach.core.mentions import quiet_digests, scan_earlier_posts
from outreach.core.models import Mention, Monitor, Notification, User, WebhookDelivery
from outreach.core.monitors import save_monitor
from outreach.jobs.crawl_and_index import crawl_and_index
from outreach.jobs.webhooks import BACKOFF_MINUTES, deliver_due
from tests.local_mail import smtp_config

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Ridge Notes</title>
<link>http://ridge.example/</link>
<item><title>Fifty miles in the hills</title><guid>r-1</guid><link>http://ridge.example/50</link>
<pubDate>Tue, 20 Oct 2026 07:30:00 GMT</pubDate>
<description>My TRAILFOX vest held two litres and never bounced.</description></item>
<item><title>Wildlife</title><guid>r-2</guid><link>http://ridge.example/wild</link>
<pubDate>Mon, 19 Oct 2026 07:30:00 GMT</pubDate>
<description>Trail fox sightings were common this week.</description></item>
</channel></rss>"""


def monitor_for(session, users, **fields) -> Monitor:
    manager = session.get(User, users["manager"][0])
    monitor = save_monitor(session, manager, None, name="Trailfox", terms="Trailfox, Trail Fox",
                           exclusions="trail fox sightings", **fields)
    session.commit()
    return monitor


def test_a_crawl_finds_mentions_and_tells_the_watchers_at_once(engine, session, site, options, users, tmp_path,
                                                                smtp_server):
    controller, inbox = smtp_server
    site.route("/feed.xml", body=FEED)
    monitor = monitor_for(session, users, webhook_url="https://hooks.example/in")
    create_blog(session, site.url + "/feed.xml", source="url")
    session.commit()
    crawl_and_index(engine, tmp_path / "index", options, concurrency=1, settings=smtp_config(controller))
    [mention] = session.exec(select(Mention)).all()  # the sightings post is excluded
    assert mention.matched_terms == ["Trailfox"] and "TRAILFOX vest" in mention.excerpt
    [note] = session.exec(select(Notification)).all()
    assert (note.user_id, note.title) == (users["manager"][0], "1 new mention of Trailfox")
    [(recipients, message)] = inbox.messages
    assert recipients == ["manager@example.com"] and message["Subject"] == "Outreach: 1 new mention of Trailfox"
    [delivery] = session.exec(select(WebhookDelivery)).all()
    assert delivery.payload["post"]["url"] == "http://ridge.example/50" and delivery.monitor_id == monitor.id


def test_a_quiet_monitor_waits_for_the_daily_digest(engine, session, site, options, users, tmp_path, smtp_server):
    controller, inbox = smtp_server
    site.route("/feed.xml", body=FEED)
    monitor_for(session, users, quiet=True)
    create_blog(session, site.url + "/feed.xml", source="url")
    session.commit()
    crawl_and_index(engine, tmp_path / "index", options, concurrency=1, settings=smtp_config(controller))
    assert session.exec(select(Notification)).all() == [] and inbox.messages == []
    now = datetime.now(timezone.utc)
    assert quiet_digests(session, smtp_config(controller), now, zones={"Asia/Tokyo"}) == 0  # not the watcher's morning
    assert quiet_digests(session, smtp_config(controller), now, zones={"UTC"}) == 1
    session.commit()
    assert session.exec(select(Notification)).one().title == "Today: 1 mention of Trailfox"
    assert len(inbox.messages) == 1


def test_a_new_monitor_looks_back_through_earlier_posts(engine, session, site, options, users, tmp_path):
    site.route("/feed.xml", body=FEED)
    create_blog(session, site.url + "/feed.xml", source="url")
    session.commit()
    crawl_and_index(engine, tmp_path / "index", options, concurrency=1)
    monitor = monitor_for(session, users)
    now = datetime(2026, 11, 1, tzinfo=timezone.utc)
    assert scan_earlier_posts(session, monitor, now) == 1
    assert scan_earlier_posts(session, monitor, now) == 0  # never twice
    session.commit()
    assert "1 earlier mention of Trailfox" in session.exec(select(Notification)).one().title


def test_webhooks_are_signed_and_retried_until_the_receiver_takes_them(engine, session, site, users):
    received, answers = [], [500, 200]

    def hook(request):
        received.append((dict(request.headers), request.get_data()))
        return Response("", status=answers.pop(0))

    site.route("/hook", hook)
    monitor = monitor_for(session, users, webhook_url=site.url + "/hook")
    session.add(WebhookDelivery(monitor_id=monitor.id, payload={"event": "mention", "n": 1}))
    session.commit()
    settings = {"ALLOW_PRIVATE_NETWORKS": True}
    now = datetime.now(timezone.utc)
    assert deliver_due(engine, settings, now) == 0  # the receiver failed: retried later, not now
    delivery = session.exec(select(WebhookDelivery)).one()
    assert (delivery.attempts, delivery.last_error) == (1, "the receiver answered HTTP 500")
    assert delivery.next_attempt_at == now + timedelta(minutes=BACKOFF_MINUTES[0])
    assert deliver_due(engine, settings, now) == 0 and len(received) == 1  # not due yet
    assert deliver_due(engine, settings, now + timedelta(minutes=2)) == 1
    session.expire_all()
    assert session.exec(select(WebhookDelivery)).one().delivered_at is not None
    headers, body = received[-1]
    expected = hmac.new(monitor.webhook_secret.encode(), headers["X-Outreach-Timestamp"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    assert headers["X-Outreach-Signature"] == "sha256=" + expected
    assert json.loads(body) == {"event": "mention", "n": 1}


def test_a_webhook_to_a_private_address_is_refused_by_the_address_check(engine, session, site, users):
    monitor = monitor_for(session, users, webhook_url=site.url + "/hook")  # 127.0.0.1
    session.add(WebhookDelivery(monitor_id=monitor.id, payload={}))
    session.commit()
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": False}) == 0
    with Session(engine) as fresh:
        delivery = fresh.exec(select(WebhookDelivery)).one()
    assert "private or reserved address" in delivery.last_error and site.requests == []


def test_a_sealed_webhook_secret_signs_where_the_mail_key_is_and_is_refused_where_it_is_not(engine, session, site,
                                                                                              users):
    from outreach.core.mail.secrets import make_key
    from outreach.core.monitors import webhook_secret

    received = []
    site.route("/hook", lambda request: (received.append((dict(request.headers), request.get_data())),
                                         Response("", status=200))[1])
    key = make_key()
    plain = monitor_for(session, users, webhook_url=site.url + "/hook")  # made before the key was set
    secret = plain.webhook_secret
    assert not secret.startswith("sealed:")
    session.add(WebhookDelivery(monitor_id=plain.id, payload={"n": 1}))
    session.commit()
    without_key = {"ALLOW_PRIVATE_NETWORKS": True}
    with_key = {**without_key, "MAIL_KEY": key}
    assert deliver_due(engine, with_key) == 1
    session.expire_all()
    stored = session.get(Monitor, plain.id).webhook_secret
    assert stored.startswith("sealed:") and secret not in stored  # sealed at its first use with the key
    assert webhook_secret(session.get(Monitor, plain.id), key) == secret
    assert webhook_secret(session.get(Monitor, plain.id), make_key()) is None  # another key
    headers, body = received[-1]
    expected = hmac.new(secret.encode(), headers["X-Outreach-Timestamp"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    assert headers["X-Outreach-Signature"] == "sha256=" + expected
    session.add(WebhookDelivery(monitor_id=plain.id, payload={"n": 2}))
    session.commit()
    assert deliver_due(engine, without_key) == 0 and len(received) == 1  # nothing sent unsigned
    with Session(engine) as fresh:
        failed = fresh.exec(select(WebhookDelivery).where(WebhookDelivery.delivered_at.is_(None))).one()
    assert "sealed under OUTREACH_MAIL_KEY, which this process does not have" in failed.last_error
