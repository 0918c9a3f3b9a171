"""The scheduler process's jobs: due crawls and listening every tick (new monitors' look back,
webhook deliveries), mail (the outbox, replies read back, slow-answer alerts), every hour the
digests of those whose morning it is."""

from __future__ import annotations

import logging
import signal
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Mapping

from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from crawlers.options import CrawlOptions
from outreach.core.follow_ups import send_digests
from outreach.core.mail.outbox import send_due
from outreach.core.mail.reading import read_due
from outreach.core.mail.sent_check import resolve_unsure
from outreach.core.mail.speed import alert_slow_answers
from outreach.core.mentions import quiet_digests, scan_earlier_posts
from outreach.core.models import Monitor, User, utc_today, utcnow
from outreach.core.time_zones import zones_at_hour
from outreach.core.weekly_report import send_weekly_reports
from outreach.jobs.crawl_and_index import crawl_and_index
from outreach.jobs.webhooks import deliver_due

log = logging.getLogger(__name__)
MAIL_TICK_SECONDS = 30  # a pitch sent from the app goes out within this; each mailbox is read on its own interval


def run_crawl_tick(engine: Engine, index_dir: Path, settings: Mapping[str, Any],
                   report: Callable[[str], None]) -> None:
    """One tick: crawl what is due, then what follows a crawl. A failure is logged, never raised:
    the next tick tries again."""
    try:
        summary = crawl_and_index(engine, index_dir, CrawlOptions.from_settings(settings),
                                  concurrency=settings["CRAWL_CONCURRENCY"], settings=settings)
        if summary.total:
            report(f"{utc_today()} crawl: {summary.line()}")
    except Exception:
        log.exception("crawl tick failed")


def run_digests(engine: Engine, settings: Mapping[str, Any], now: datetime | None = None) -> None:
    """Run on the hour: the follow-up digests (and on their Mondays the managers' weekly report) and
    the quiet monitors' digests of everyone whose clock shows the reminder hour, for their own
    today. By email when SMTP is configured."""
    now = now or utcnow()
    hour = settings["REMINDER_HOUR"]
    with Session(engine) as session:
        try:
            zones = session.exec(select(User.time_zone).where(User.is_active).distinct()).all()
            mornings = zones_at_hour(zones, hour, now)
            for today, names in sorted(mornings.items()):
                send_digests(session, today, settings, zones=names)
                if today.weekday() == 0:
                    send_weekly_reports(session, today, settings, zones=names)
            if mornings:
                quiet_digests(session, settings, now, zones=set().union(*mornings.values()))
            session.commit()
        except Exception:
            log.exception("digests failed")


def run_listening_tick(engine: Engine, settings: Mapping[str, Any]) -> None:
    """New monitors look back through earlier posts; due webhook deliveries are sent."""
    try:
        with Session(engine) as session:
            for monitor in session.exec(select(Monitor).where(Monitor.is_active, Monitor.scanned_at.is_(None))):
                scan_earlier_posts(session, monitor, utcnow())
                session.commit()
        deliver_due(engine, settings)
    except Exception:
        log.exception("listening tick failed")


def run_mail_tick(engine: Engine, settings: Mapping[str, Any]) -> None:
    """Send what the outbox holds that is due, read the mailboxes due for reading, alert slow answers."""
    for job in (send_due, resolve_unsure, read_due):
        try:
            job(engine, settings)
        except Exception:
            log.exception("mail tick: %s failed", job.__name__)
    try:
        with Session(engine) as session:
            alert_slow_answers(session, settings, utcnow())
    except Exception:
        log.exception("mail tick: answer alerts failed")


def run_scheduler(engine: Engine, index_dir: Path, settings: Mapping[str, Any], tick_seconds: int,
                  report: Callable[[str], None]) -> None:
    """Run the jobs until stopped (Ctrl-C or SIGTERM)."""
    scheduler = BlockingScheduler(timezone="UTC")
    # The first tick runs at once, through the scheduler too: max_instances=1 then holds for
    # every tick, so two crawls never overlap in this process.
    scheduler.add_job(run_crawl_tick, "interval", seconds=tick_seconds, args=[engine, index_dir, settings, report],
                      id="crawl", max_instances=1, coalesce=True, next_run_time=utcnow())
    scheduler.add_job(run_listening_tick, "interval", seconds=tick_seconds, args=[engine, settings], id="listening",
                      max_instances=1, coalesce=True, next_run_time=utcnow())
    scheduler.add_job(run_mail_tick, "interval", seconds=min(tick_seconds, MAIL_TICK_SECONDS), args=[engine, settings],
                      id="mail", max_instances=1, coalesce=True, next_run_time=utcnow())
    scheduler.add_job(run_digests, "cron", minute=0, args=[engine, settings], id="digests",
                      max_instances=1, coalesce=True)
    signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
