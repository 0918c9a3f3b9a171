"""Mentions: new posts matched against every monitor as the crawl stores them; watchers told,
webhooks queued. Read back as a stream, per voice, and as the speed of our first contact."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any, Iterable, Mapping

from sqlmodel import Session, select

from outreach.core.matching import Matcher, MonitorTerms
from outreach.core.models import (
    Blog,
    Blogger,
    Mention,
    Monitor,
    MonitorWatcher,
    Notification,
    Post,
    User,
    WebhookDelivery,
)
from outreach.core.monitors import active_monitor_terms
from outreach.core.system_mail import plain_message, send_messages

BATCH = 500
BACKFILL_DAYS = 90  # a new monitor looks this far back in what was crawled before it


def record_mentions(session: Session, post_ids: Iterable[int], matcher: Matcher | None = None) -> list[Mention]:
    """Match these posts against every active monitor and store what is new; the caller commits."""
    matcher = matcher or Matcher(active_monitor_terms(session))
    ids = sorted(set(post_ids))
    if matcher.empty or not ids:
        return []
    mentions = []
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        known = set(session.exec(select(Mention.monitor_id, Mention.post_id).where(Mention.post_id.in_(chunk))))
        rows = session.exec(select(Post.id, Post.blog_id, Post.title, Post.text, Post.published_at, Blog.blogger_id)
                            .join(Blog, Blog.id == Post.blog_id).where(Post.id.in_(chunk)))
        for post_id, blog_id, title, text, published_at, blogger_id in rows:
            for found in matcher.find(f"{title}\n{text}"):
                if (found.monitor_id, post_id) in known:
                    continue
                mentions.append(Mention(monitor_id=found.monitor_id, post_id=post_id, blog_id=blog_id,
                                        blogger_id=blogger_id, matched_terms=found.terms, excerpt=found.excerpt,
                                        published_at=published_at))
    session.add_all(mentions)
    session.flush()
    return mentions


def announce(session: Session, mentions: list[Mention], config: Mapping[str, Any], base_url: str = "") -> int:
    """Tell each monitor's watchers of its new mentions (one note per monitor, by email too unless
    the monitor is quiet) and queue one webhook delivery per mention; returns the notes written."""
    by_monitor: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_monitor[mention.monitor_id].append(mention)
    notes, emails = 0, []
    for monitor_id, found in by_monitor.items():
        monitor = session.get(Monitor, monitor_id)
        if monitor.webhook_url:
            session.add_all(WebhookDelivery(monitor_id=monitor.id, mention_id=mention.id,
                                            payload=webhook_payload(session, monitor, mention)) for mention in found)
        if monitor.quiet:
            continue
        title = f"{len(found)} new mention{'s' if len(found) != 1 else ''} of {monitor.name}"
        body = "\n\n".join(mention.excerpt for mention in found[:5])
        url = f"/mentions/?monitor={monitor.id}"
        for user in watchers(session, monitor.id):
            session.add(Notification(user_id=user.id, kind="mention", title=title, body=body, url=url))
            emails.append(plain_message(config, user.email, f"Outreach: {title}", f"{body}\n\n{base_url}{url}"))
            notes += 1
    send_messages(config, emails)
    return notes


def watchers(session: Session, monitor_id: int) -> list[User]:
    return list(session.exec(select(User).join(MonitorWatcher, MonitorWatcher.user_id == User.id)
                             .where(MonitorWatcher.monitor_id == monitor_id, User.is_active)))


def webhook_payload(session: Session, monitor: Monitor, mention: Mention) -> dict:
    """What a webhook receives for one mention: the monitor, the post and who wrote it."""
    post = session.get(Post, mention.post_id)
    blog = session.get(Blog, mention.blog_id)
    blogger = session.get(Blogger, mention.blogger_id) if mention.blogger_id else None
    return {
        "event": "mention", "monitor": {"id": monitor.id, "name": monitor.name},
        "mention": {"id": mention.id, "terms": mention.matched_terms, "excerpt": mention.excerpt,
                    "published_at": mention.published_at.isoformat(), "found_at": mention.found_at.isoformat()},
        "post": {"title": post.title, "url": post.url, "comments": post.comment_count},
        "source": {"blog_id": blog.id, "title": blog.title, "url": blog.homepage_url, "platform": blog.platform,
                   "author": blogger.name if blogger else ""},
    }


def scan_earlier_posts(session: Session, monitor: Monitor, now: datetime) -> int:
    """A new or changed monitor looked for in the posts of the last BACKFILL_DAYS; its watchers
    get one note of what was found, not an alert per post. The caller commits."""
    matcher = Matcher([MonitorTerms(monitor.id, tuple(monitor.terms), tuple(monitor.exclusions))])
    post_ids = list(session.exec(select(Post.id).where(Post.published_at >= now - timedelta(days=BACKFILL_DAYS))))
    found = record_mentions(session, post_ids, matcher)
    monitor.scanned_at = now
    session.add(monitor)
    if found:
        for user in watchers(session, monitor.id):
            session.add(Notification(user_id=user.id, kind="mention", url=f"/mentions/?monitor={monitor.id}",
                                     title=f"{len(found)} earlier mention{'s' if len(found) != 1 else ''} "
                                           f"of {monitor.name} in the last {BACKFILL_DAYS} days"))
    return len(found)


def quiet_digests(session: Session, config: Mapping[str, Any], now: datetime) -> int:
    """Quiet monitors' watchers: one note (and email) with the last day's mentions; returns notes written."""
    since, notes, emails = now - timedelta(days=1), 0, []
    for monitor in session.exec(select(Monitor).where(Monitor.quiet, Monitor.is_active)):
        found = list(session.exec(select(Mention).where(Mention.monitor_id == monitor.id, Mention.found_at >= since)
                                  .order_by(Mention.found_at)))
        if not found:
            continue
        title = f"Today: {len(found)} mention{'s' if len(found) != 1 else ''} of {monitor.name}"
        body = "\n\n".join(mention.excerpt for mention in found[:10])
        for user in watchers(session, monitor.id):
            session.add(Notification(user_id=user.id, kind="digest", title=title, body=body,
                                     url=f"/mentions/?monitor={monitor.id}"))
            emails.append(plain_message(config, user.email, f"Outreach: {title}", body))
            notes += 1
    send_messages(config, emails)
    return notes
