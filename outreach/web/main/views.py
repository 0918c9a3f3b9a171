"""The home page: where a signed-in person starts."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, jsonify, render_template
from flask_login import current_user
from sqlmodel import func, select

from outreach.core.access import visible_campaigns
from outreach.core.db import DatabaseError, schema_is_current
from outreach.core.models import Blog, Campaign, Niche, Post, utcnow
from outreach.web.db import get_engine, get_session
from outreach.web.main import bp
from outreach.web.main.queries import today_for
from outreach.web.viewer_time import viewer_today


@bp.route("/")
def index():
    session = get_session()
    # Staff count only the campaigns they may open: a number they cannot follow up on misleads.
    campaigns = visible_campaigns(current_user).where(Campaign.is_archived.is_(False)).subquery()
    counts = {
        "blogs": session.exec(select(func.count()).select_from(Blog)).one(),
        "posts": session.exec(select(func.count()).select_from(Post)).one(),
        "niches": session.exec(select(func.count()).select_from(Niche)).one(),
        "campaigns": session.exec(select(func.count()).select_from(campaigns)).one(),
    }
    today = viewer_today()
    return render_template("main/index.html", counts=counts, today=today,
                           waiting=today_for(session, current_user, utcnow(), today, current_app.config))


@bp.route("/healthz")
def health():
    """For a load balancer or an orchestrator: 200 while the database answers on the newest schema, else
    503 with the reason; nothing else about the server, and no sign-in needed."""
    try:
        current = schema_is_current(get_engine())
    except DatabaseError:
        return jsonify(status="unavailable", problem="the database does not answer"), 503, NO_STORE
    if not current:
        return (jsonify(status="unavailable", problem="the database schema is out of date: run `outreach init-db`"),
                503, NO_STORE)
    return jsonify(status="ok"), 200, NO_STORE


NO_STORE = {"Cache-Control": "no-store"}


@bp.route("/favicon.ico")
def favicon():
    """The icon, for clients that ask for it by its old name rather than the pages' link."""
    icon = (Path(current_app.static_folder) / "favicon.svg").read_bytes()  # a few hundred bytes
    return Response(icon, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=86400"})
