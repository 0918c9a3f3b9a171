"""`outreach demo`: a newcomer's first run, with sample blogs served on this machine."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import click

from outreach.core.db import make_engine, upgrade_schema


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the app listens on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--folder", default="instance/demo", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Where the demo keeps its database (emptied at every start).")
@click.option("--no-serve", is_flag=True, help="Set everything up, print the summary, and stop.")
def demo_command(host: str, port: int, folder: Path, no_serve: bool) -> None:
    """Run everything on the embedded default: sample blogs served locally, crawled with the
    real crawler, niches ranked, campaigns under way, and the app to look at it all."""
    from crawlers.options import CrawlOptions
    from outreach import create_app
    from outreach.cli.serve import run_server
    from outreach.demo.setup import build_demo
    from outreach.demo.site import DemoServer
    from outreach.web.search import app_index_dir

    folder = folder.resolve()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(folder), "ALLOW_PRIVATE_NETWORKS": True})
    engine = make_engine(url)
    upgrade_schema(engine)
    site = DemoServer().__enter__()
    click.echo(f"Sample blogs served at {site.url}/")
    # One host serves every sample blog: no politeness pause between them.
    options = CrawlOptions(allow_private_networks=True, politeness_delay=0.0, per_host_limit=4)
    started = time.monotonic()
    summary = build_demo(engine, site.url, app_index_dir(app), options)
    click.echo(f"Crawled {summary.blogs} blogs and {summary.accounts} Mastodon accounts ({summary.posts} posts), "
               f"added {summary.niches} niches and "
               f"{summary.campaigns} campaigns in {time.monotonic() - started:.1f} s.")
    click.echo(f"Sign in at http://{host}:{port}/ as {summary.admin_email} with password {summary.admin_password}")
    if no_serve:
        site.__exit__(None, None, None)
        return
    stop = threading.Event()
    threading.Thread(target=recrawl_loop, args=(app, options, stop), daemon=True).start()
    try:
        run_server(app, host, port, workers=2, threads=4, access_log=False)
    finally:
        stop.set()
        site.__exit__(None, None, None)


def recrawl_loop(app, options, stop: threading.Event) -> None:
    """The scheduler's job while the demo runs: due blogs (and "refresh now") every 30 s."""
    from outreach.jobs.crawl_and_index import crawl_and_index
    from outreach.web.db import get_engine
    from outreach.web.search import app_index_dir

    while not stop.wait(30):
        with app.app_context():
            crawl_and_index(get_engine(), app_index_dir(app), options)
