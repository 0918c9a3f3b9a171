"""Times as the person looking reads them: on their own zone's clock, and their own "today"."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from flask import current_app, has_request_context
from flask_login import current_user

from outreach.core.models import utcnow
from outreach.core.time_zones import DEFAULT_ZONE, in_zone, today_in, zone_named


def viewer_zone_name() -> str:
    """The signed-in person's zone; the team's (OUTREACH_TIME_ZONE) for a page nobody signed in to."""
    if not has_request_context():
        return DEFAULT_ZONE
    if current_user.is_authenticated:
        return current_user.time_zone
    return current_app.config.get("TIME_ZONE", DEFAULT_ZONE)


def viewer_zone() -> tzinfo:
    """The zone a form's date and time fields are read and shown in."""
    return zone_named(viewer_zone_name())


def viewer_today() -> date:
    """The date it is for the person looking: what "due today" and "overdue" are counted from."""
    return today_in(viewer_zone_name())


def viewer_wall_clock() -> str:
    """Now on the viewer's clock, as a datetime-local field writes it ("2026-12-07T07:30")."""
    return in_zone(utcnow(), viewer_zone_name()).strftime("%Y-%m-%dT%H:%M")


def _moment(value: datetime | str | None) -> datetime | None:
    """A moment, or one kept as ISO text in stored JSON (a crawl's figures, a ranking's evidence), UTC when
    it names no zone; None for nothing or text that is not one."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value) if value else None
        except ValueError:
            return None
    return value


def local_time(moment: datetime | str | None, *, seconds: bool = False) -> str:
    """A moment on the viewer's clock with the zone's short name: "2026-12-07 07:30 CET"."""
    moment = _moment(moment)
    shown = "%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z"
    return in_zone(moment, viewer_zone_name()).strftime(shown) if moment else ""


def local_day(moment: datetime | str | None) -> str:
    """The day a moment falls on for the viewer."""
    moment = _moment(moment)
    return in_zone(moment, viewer_zone_name()).strftime("%Y-%m-%d") if moment else ""


def init_app(app) -> None:
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(local_day, "local_day")
    app.add_template_global(viewer_zone_name, "viewer_zone_name")
    app.add_template_global(viewer_wall_clock, "viewer_wall_clock")
