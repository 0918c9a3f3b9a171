"""`outreach crawl` and `outreach scheduler`: reading blogs now, or on a schedule."""

from __future__ import annotations

import logging
import signal
import sys
from datetime import date, datetime, timezone

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import Session

from outreach.crawling import crawl_and_index, crawl_options
from outreach.db import cli_session, get_engine
from outreach.search_index import index_dir

log = logging.getLogger(__name__)


@click.command("crawl")
@click.option("--all", "all_blogs", is_flag=True, help="Refresh every blog, due or not.")
@click.option("--blog", "blog_ids", multiple=True, type=int, help="Refresh this blog (repeatable).")
@click.option("--concurrency", default=None, type=click.IntRange(1, 64),
              help="Blogs refreshed at once (default: OUTREACH_CRAWL_CONCURRENCY).")
@with_appcontext
def crawl_command(all_blogs: bool, blog_ids: tuple[int, ...], concurrency: int | None) -> None:
    """Refresh every blog that is due, then update the search index."""
    cli_session().close()  # refuses clearly when the schema is missing
    config = current_app.config
    concurrency = concurrency or config["CRAWL_CONCURRENCY"]
    engine = get_engine()
    ids = list(blog_ids) or None
    due_only = not (all_blogs or ids)
    total = None
    if sys.stdout.isatty():
        from crawlers.schedule import due_blogs
        from crawlers.refresh import utcnow
        from sqlmodel import func, select

        from outreach.models import Blog

        with Session(engine) as session:
            if ids:
                total = len(ids)
            elif due_only:
                total = session.exec(select(func.count()).select_from(due_blogs(utcnow()).subquery())).one()
            else:
                total = session.exec(select(func.count()).select_from(Blog).where(Blog.status != "gone")).one()
    options = crawl_options(config)
    if total:
        with click.progressbar(length=total, label="Crawling", show_pos=True) as bar:
            summary = crawl_and_index(engine, index_dir(), options, blog_ids=ids, due_only=due_only,
                                      concurrency=concurrency, on_progress=lambda result: bar.update(1))
    else:
        summary = crawl_and_index(engine, index_dir(), options, blog_ids=ids, due_only=due_only,
                                  concurrency=concurrency)
    click.echo(summary.line())


@click.command("scheduler")
@click.option("--tick", default=60, show_default=True, type=click.IntRange(5, 3600),
              help="Seconds between two looks for due blogs.")
@with_appcontext
def scheduler_command(tick: int) -> None:
    """Run the periodic jobs: due crawls every minute, follow-up digests daily."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    cli_session().close()
    app = current_app._get_current_object()
    scheduler = BlockingScheduler(timezone="UTC")
    # The first tick runs at once, through the scheduler too: max_instances=1 then holds for
    # every tick, so two crawls never overlap in this process.
    scheduler.add_job(run_crawl_tick, "interval", seconds=tick, args=[app], id="crawl", max_instances=1,
                      coalesce=True, next_run_time=datetime.now(timezone.utc))
    scheduler.add_job(run_reminders, "cron", hour=app.config["REMINDER_HOUR"], args=[app], id="reminders",
                      max_instances=1, coalesce=True)
    signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
    click.echo(f"Scheduler running: crawls every {tick} s, digests daily at {app.config['REMINDER_HOUR']}:00 UTC. "
               "Ctrl-C stops it.")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass


def run_crawl_tick(app) -> None:
    """One scheduler tick: crawl what is due, refresh the index."""
    with app.app_context():
        try:
            summary = crawl_and_index(get_engine(), index_dir(app), crawl_options(app.config),
                                      concurrency=app.config["CRAWL_CONCURRENCY"])
            if summary.total:
                click.echo(f"{date.today()} crawl: {summary.line()}")
        except Exception:
            log.exception("crawl tick failed")


def run_reminders(app) -> None:
    from outreach.reminders import send_digests

    with app.app_context(), Session(get_engine()) as session:
        try:
            send_digests(session, date.today(), app.config)
        except Exception:
            log.exception("follow-up digests failed")
