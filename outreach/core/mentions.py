"""Mentions: new posts matched against every monitor as the crawl stores them; watchers told,
webhooks queued. Read back as a stream, per voice, and as the speed of our first contact."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Collection, Iterable, Mapping

from sqlmodel import Session, func, select

from outreach.core.alerts import alert, send_alert_emails
from outreach.core.bloggers import blogger_labels
from outreach.core.event_hooks import emit, subscribed
from outreach.core.matching import Matcher, MonitorTerms
from outreach.core.models import (
    Blog,
    Blogger,
    Campaign,
    Mention,
    Monitor,
    MonitorWatcher,
    Notification,
    PipelineEntry,
    Pitch,
    Post,
    User,
    WebhookDelivery,
)
from outreach.core.monitors import active_monitor_terms

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


def announce(session: Session, mentions: list[Mention], config: Mapping[str, Any]) -> int:
    """Tell each monitor's watchers of its new mentions (one note per monitor, by email too unless
    the monitor is quiet) and queue one webhook delivery per mention; returns the notes written."""
    by_monitor: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_monitor[mention.monitor_id].append(mention)
    notes, emails = 0, []
    for monitor_id, found in by_monitor.items():
        monitor = session.get(Monitor, monitor_id)
        told = subscribed(session, "mention.found")
        if monitor.webhook_url or told:
            for mention in found:
                payload = webhook_payload(session, monitor, mention)  # the monitor's and the team's hooks alike
                if monitor.webhook_url:
                    session.add(WebhookDelivery(monitor_id=monitor.id, mention_id=mention.id, payload=payload))
                if told:
                    emit(session, "mention.found", payload, blogger_id=mention.blogger_id, mention_id=mention.id)
        if monitor.quiet:
            continue
        title = f"{len(found)} new mention{'s' if len(found) != 1 else ''} of {monitor.name}"
        body = "\n\n".join(mention.excerpt for mention in found[:5])
        url = f"/mentions/?monitor={monitor.id}"
        for user in watchers(session, monitor.id):
            emails.append(alert(session, config, user, "mention", title, body, url))
            notes += 1
    send_alert_emails(config, emails)
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
        "post": {"title": post.title, "url": post.url, "comments": post.comment_count, "shares": post.shares,
                 "likes": post.likes, "views": post.views, "engagement_source": post.engagement_source},
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


def quiet_digests(session: Session, config: Mapping[str, Any], now: datetime,
                  zones: Collection[str] | None = None) -> int:
    """Quiet monitors' watchers (those whose time zone is one of `zones`, when given): one note (and
    email) with the last day's mentions; returns notes written."""
    since, notes, emails = now - timedelta(days=1), 0, []
    for monitor in session.exec(select(Monitor).where(Monitor.quiet, Monitor.is_active)):
        found = list(session.exec(select(Mention).where(Mention.monitor_id == monitor.id, Mention.found_at >= since)
                                  .order_by(Mention.found_at)))
        if not found:
            continue
        title = f"Today: {len(found)} mention{'s' if len(found) != 1 else ''} of {monitor.name}"
        body = "\n\n".join(mention.excerpt for mention in found[:10])
        for user in watchers(session, monitor.id):
            if zones is not None and user.time_zone not in zones:
                continue
            emails.append(alert(session, config, user, "digest", title, body, f"/mentions/?monitor={monitor.id}"))
            notes += 1
    send_alert_emails(config, emails)
    return notes


@dataclass
class Voice:
    """Someone who mentions a brand: how often, how their mentions were received, whether we know them."""

    blogger_id: int
    name: str
    mentions: int
    comments: int  # Kaushik's conversation: comments on the mentioning posts, where feeds give them
    last_mention_at: datetime
    campaigns: list[str] = field(default_factory=list)
    shares: int = 0  # amplification: shares, boosts, reposts and quotes of the mentioning posts
    likes: int = 0  # applause: likes, favourites and ratings

    @property
    def is_new(self) -> bool:
        """Not in any campaign yet: someone to shortlist."""
        return not self.campaigns


def voices(session: Session, monitor_id: int | None = None, limit: int = 100) -> list[Voice]:
    """The bloggers who mention a brand (or any monitored brand), most mentions first."""
    statement = (select(Mention.blogger_id, func.count(Mention.id), func.coalesce(func.sum(Post.comment_count), 0),
                        func.max(Mention.published_at), func.coalesce(func.sum(Post.shares), 0),
                        func.coalesce(func.sum(Post.likes), 0))
                 .join(Post, Post.id == Mention.post_id).where(Mention.blogger_id.is_not(None))
                 .group_by(Mention.blogger_id).order_by(func.count(Mention.id).desc(), Mention.blogger_id).limit(limit))
    if monitor_id is not None:
        statement = statement.where(Mention.monitor_id == monitor_id)
    rows = session.exec(statement).all()
    ids = [row[0] for row in rows]
    labels = blogger_labels(session, ids)
    campaigns: dict[int, list[str]] = defaultdict(list)
    for blogger_id, name in session.exec(select(PipelineEntry.blogger_id, Campaign.name)
                                         .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
                                         .where(PipelineEntry.blogger_id.in_(ids))):
        campaigns[blogger_id].append(name)
    return [Voice(blogger_id, labels[blogger_id][0], count, int(comments), last, sorted(campaigns[blogger_id]),
                  int(shares), int(likes))
            for blogger_id, count, comments, last, shares, likes in rows]


def contact_speed(session: Session, monitor_id: int | None = None) -> tuple[float | None, int]:
    """The median hours from a mention's publication to our first pitch to its author after it,
    and how many mentions were answered so; (None, 0) when none was."""
    statement = select(Mention.blogger_id, Mention.published_at).where(Mention.blogger_id.is_not(None))
    if monitor_id is not None:
        statement = statement.where(Mention.monitor_id == monitor_id)
    mentions = session.exec(statement).all()
    pitches: dict[int, list[datetime]] = defaultdict(list)
    for blogger_id, sent_at in session.exec(select(PipelineEntry.blogger_id, Pitch.sent_at)
                                            .join(Pitch, Pitch.entry_id == PipelineEntry.id)
                                            .where(PipelineEntry.blogger_id.in_({m[0] for m in mentions}))):
        pitches[blogger_id].append(sent_at)
    waits = []
    for blogger_id, published in mentions:
        later = [sent for sent in pitches[blogger_id] if sent >= published]
        if later:
            waits.append((min(later) - published).total_seconds() / 3600)
    return (round(statistics.median(waits), 1), len(waits)) if waits else (None, 0)
