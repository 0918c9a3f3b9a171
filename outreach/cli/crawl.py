"""`outreach crawl` and `outreach scheduler`: reading blogs now, or on a schedule."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import Session, func, select

from crawlers.options import CrawlOptions
from crawlers.schedule import due_blogs
from outreach.cli.database import ROW_ID, cli_session
from outreach.core.models import Blog, utcnow
from outreach.jobs.crawl_and_index import crawl_and_index
from outreach.jobs.scheduler import run_scheduler
from outreach.web.db import get_engine
from outreach.web.search import app_index_dir


@click.command("crawl")
@click.option("--all", "all_blogs", is_flag=True, help="Refresh every blog, due or not.")
@click.option("--blog", "blog_ids", multiple=True, type=ROW_ID, help="Refresh this blog (repeatable).")
@click.option("--concurrency", default=None, type=click.IntRange(1, 64),
              help="Blogs refreshed at once (default: OUTREACH_CRAWL_CONCURRENCY).")
@with_appcontext
def crawl_command(all_blogs: bool, blog_ids: tuple[int, ...], concurrency: int | None) -> None:
    """Refresh every blog that is due, then update the search index."""
    cli_session().close()  # refuses clearly when the schema is missing
    config = current_app.config
    engine = get_engine()
    ids = list(blog_ids) or None
    due_only = not (all_blogs or ids)
    run = dict(blog_ids=ids, due_only=due_only, concurrency=concurrency or config["CRAWL_CONCURRENCY"], settings=config)
    options = CrawlOptions.from_settings(config)
    total = blogs_to_crawl(engine, ids, due_only) if sys.stdout.isatty() else 0
    if total:
        with click.progressbar(length=total, label="Crawling", show_pos=True) as bar:
            summary = crawl_and_index(engine, app_index_dir(), options, on_progress=lambda _: bar.update(1), **run)
    else:
        summary = crawl_and_index(engine, app_index_dir(), options, **run)
    click.echo(summary.line())


def blogs_to_crawl(engine, ids: list[int] | None, due_only: bool) -> int:
    """How many blogs the crawl will look at: the progress bar's length."""
    if ids:
        return len(ids)
    with Session(engine) as session:
        if due_only:
            return session.exec(select(func.count()).select_from(due_blogs(utcnow()).subquery())).one()
        return session.exec(select(func.count()).select_from(Blog).where(Blog.status != "gone")).one()


@click.command("scheduler")
@click.option("--tick", default=60, show_default=True, type=click.IntRange(5, 3600),
              help="Seconds between two looks for due blogs.")
@with_appcontext
def scheduler_command(tick: int) -> None:
    """Run the periodic jobs: due crawls every minute, follow-up digests daily."""
    cli_session().close()
    config = current_app.config
    click.echo(f"Scheduler running: crawls every {tick} s, digests at {config['REMINDER_HOUR']}:00 on "
               "each person's clock. Ctrl-C stops it.")
    run_scheduler(get_engine(), app_index_dir(), config, tick, report=click.echo)
