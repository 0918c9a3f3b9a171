"""The app's database: one engine per app, one session per request."""

from __future__ import annotations

import threading

from flask import Flask, abort, current_app, g
from sqlalchemy.engine import Engine
from sqlmodel import Session

from outreach.core.db import make_engine, row_or_none

ENGINE_KEY = "outreach.engine"
# Two first requests in two threads must not make two engines: the one overwritten would never
# be disposed, and its connections would be closed only by the garbage collector.
_engine_lock = threading.Lock()


def get_engine(app: Flask | None = None) -> Engine:
    """The app's engine, created on first use."""
    app = app or current_app
    engine = app.extensions.get(ENGINE_KEY)
    if engine is None:
        with _engine_lock:
            engine = app.extensions.get(ENGINE_KEY)
            if engine is None:
                engine = app.extensions[ENGINE_KEY] = make_engine(app.config["DATABASE_URL"])
    return engine


def get_session() -> Session:
    """The session of the current request, opened on first use and closed on teardown."""
    if "db_session" not in g:
        g.db_session = Session(get_engine())
    return g.db_session




def get_or_404(session: Session, model: type, row_id: int):
    """The row with this id, or a 404 page (every get_x_or_404 starts here)."""
    row = row_or_none(session, model, row_id)
    if row is None:
        abort(404)
    return row


def close_session(_error: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_session)
