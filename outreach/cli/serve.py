"""`outreach serve`: the web app on Granian, a production HTTP server written in Rust."""

from __future__ import annotations

import gc

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from scoring import semantic


def run_server(app: Flask, host: str, port: int, workers: int, threads: int, access_log: bool) -> None:
    """Serve the app until interrupted: Granian's worker processes, each with a pool of threads.

    Granian parses HTTP in Rust and hands each request to a Python thread. On `bench/web.py`
    it cost 0.4 to 0.5 ms of CPU a request against gunicorn's 0.7 to 1.3 ms (gthread), and
    a page under 20 clients took about a quarter less CPU.
    """
    from granian.constants import Interfaces
    from granian.server import Server

    prepare_for_workers(app)
    server = Server(
        "outreach:create_app",  # a label in Granian's logs: the app is the one built here
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        log_access=access_log,
        respawn_failed_workers=True,
        websockets=False,
    )
    # The workers are forked from this process and take the app built here, so what
    # prepare_for_workers compiled and froze is shared by all of them.
    server.serve(target_loader=lambda *_args, **_kwargs: app, wrap_loader=False)


def prepare_for_workers(app: Flask) -> None:
    """Compile every template and load the meaning model, then freeze what is loaded, before
    the server forks its workers.

    The garbage collector skips frozen objects. Without this, each collection of the oldest
    generation walked every object the app and its libraries had loaded, which took about
    two fifths of the CPU of a directory or profile page. Templates compiled here are
    shared by the workers instead of compiled in each.
    """
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
    # The meaning model (16 MB, about 0.3 s to load) too: no worker's first ranking waits for it.
    semantic.load()
    gc.collect()
    gc.freeze()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Threads per worker.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="Print a line per request.")
@with_appcontext
def serve_command(host: str, port: int, workers: int, threads: int, access_log: bool) -> None:
    """Run the web app on Granian."""
    click.echo(f"Serving Outreach on http://{host}:{port}/")
    run_server(current_app._get_current_object(), host, port, workers, threads, access_log)
