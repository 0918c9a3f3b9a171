"""Delivering mentions to monitors' webhooks, and pipeline events to the team's hooks: signed
with the monitor's (or hook's) secret, sent once, retried with backoff when the receiver fails,
through the crawler's address checks (a webhook URL is a URL a person typed)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import datetime, timedelta
from typing import Any, Mapping

import urllib3
from sqlalchemy import delete, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from crawlers.guarded_http import BlockedAddress, CheckedPoolManager
from crawlers.options import USER_AGENT
from outreach.core.claims import claim_rows, release
from outreach.core.event_hooks import TEST_EVENT
from outreach.core.models import EventHook, Monitor, WebhookDelivery, utcnow
from outreach.core.monitors import seal_webhook_secret, webhook_secret

log = logging.getLogger(__name__)
BACKOFF_MINUTES = (1, 5, 30, 120, 720)  # then it gives up: six attempts over about fifteen hours
TIMEOUT = urllib3.Timeout(connect=5.0, read=10.0)
BATCH = 50
KEEP_DAYS = 30  # a delivered (or given up) payload is kept this long, to be read on the hooks page, then dropped


class SecretSealed(Exception):
    """The monitor's or hook's secret is sealed under a mail key this process lacks."""

    def __str__(self) -> str:
        return ("the webhook secret is sealed under OUTREACH_MAIL_KEY, which this process does not have "
                "(or has another): set the same key on every process")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 of "<timestamp>.<body>" with the monitor's secret, as the receiver checks it."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def deliver_due(engine: Engine, settings: Mapping[str, Any], now: datetime | None = None) -> int:
    """Send every delivery that is due and not claimed by another process; returns how many arrived."""
    now = now or utcnow()
    with Session(engine) as session:
        drop_old_deliveries(session, now)
    paused = select(EventHook.id).where(EventHook.paused_at.is_not(None))
    wanted = (WebhookDelivery.delivered_at.is_(None)) & (WebhookDelivery.gave_up_at.is_(None)) & \
        (WebhookDelivery.next_attempt_at <= now) & \
        or_(WebhookDelivery.hook_id.is_(None), WebhookDelivery.hook_id.not_in(paused),
            WebhookDelivery.event == TEST_EVENT)  # a paused hook's events wait; a test checks the mended receiver
    delivered = 0
    with CheckedPoolManager(bool(settings.get("ALLOW_PRIVATE_NETWORKS")), timeout=TIMEOUT, retries=False) as pool:
        while True:
            with Session(engine) as session:
                claimed = claim_rows(session, WebhookDelivery, wanted, now, limit=BATCH)
            if not claimed:
                return delivered
            for delivery_id in claimed:
                with Session(engine) as session:
                    delivered += attempt(session, pool, session.get(WebhookDelivery, delivery_id), now,
                                         settings.get("MAIL_KEY") or "")


def drop_old_deliveries(session: Session, now: datetime) -> int:
    """Payloads that went (or were given up on) over KEEP_DAYS ago: they name bloggers and quote them."""
    cutoff = now - timedelta(days=KEEP_DAYS)
    result = session.execute(delete(WebhookDelivery).where(or_(WebhookDelivery.delivered_at < cutoff,
                                                               WebhookDelivery.gave_up_at < cutoff)))
    session.commit()
    return result.rowcount or 0


def attempt(session: Session, pool: urllib3.PoolManager, delivery: WebhookDelivery, now: datetime,
            key: str) -> bool:
    """One attempt at one delivery; its outcome is written with the delivery."""
    # A mention for its monitor's webhook, or an event for one of the team's hooks: both hold an
    # address and a secret.
    target = (session.get(Monitor, delivery.monitor_id) if delivery.monitor_id
              else session.get(EventHook, delivery.hook_id))
    secret = webhook_secret(target, key)
    target.webhook_secret = seal_webhook_secret(target.webhook_secret, key)
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(now.timestamp()))
    delivery.attempts += 1
    problem = ""
    try:
        if secret is None:
            raise SecretSealed()
        response = pool.request("POST", target.webhook_url, body=body, redirect=False, headers={
            "Content-Type": "application/json", "User-Agent": USER_AGENT,
            "X-Outreach-Delivery": str(delivery.id), "X-Outreach-Event": delivery.event, "X-Outreach-Timestamp": timestamp,
            "X-Outreach-Signature": signature(secret, timestamp, body)})
        if not 200 <= response.status < 300:
            problem = f"the receiver answered HTTP {response.status}"
    except (BlockedAddress, SecretSealed) as error:
        problem = str(error)
    except urllib3.exceptions.HTTPError as error:
        problem = f"the receiver could not be reached: {type(error).__name__}"
    if problem:
        delivery.last_error = problem[:1000]
        if delivery.attempts > len(BACKOFF_MINUTES):
            delivery.gave_up_at = now
        else:
            delivery.next_attempt_at = now + timedelta(minutes=BACKOFF_MINUTES[delivery.attempts - 1])
        log.info("webhook delivery %s: %s", delivery.id, problem)
    else:
        delivery.delivered_at, delivery.last_error = now, ""
    release(delivery)
    session.add(delivery)
    session.commit()
    return not problem
