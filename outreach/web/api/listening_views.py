"""The API's listening reports: share of voice, the same numbers as its page."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from flask import g, jsonify
from sqlmodel import select

from outreach.core.models import Monitor
from outreach.core.share_of_voice import share_of_voice, weeks_before
from outreach.core.time_zones import today_in
from outreach.web.api.http import ApiError, parse_query
from outreach.web.api.schemas import ShareOut, ShareQuery
from outreach.web.api.spec import operation
from outreach.web.db import get_session

SHARE_WEEKS = 12
MAX_BRANDS = 10


@operation("GET", "/reports/share-of-voice",
           "Each brand's mentions, people and engagement against the others', week by week (one monitor a brand)",
           query=ShareQuery, response=ShareOut)
def get_share_of_voice():
    query = parse_query(ShareQuery)
    end = query.end or today_in(g.api_user.time_zone)
    start = query.start or weeks_before(end, SHARE_WEEKS) + timedelta(days=1)
    if end < start:
        raise ApiError(422, "The end date is before the start date.")
    session = get_session()
    if query.monitors:
        chosen = [int(value) for value in query.monitors.split(",")]
    else:
        chosen = list(session.exec(select(Monitor.id).where(Monitor.is_active).order_by(Monitor.name)))[:MAX_BRANDS]
    share = share_of_voice(session, chosen, start, end)
    missing = sorted(set(chosen) - {brand.monitor_id for brand in share.brands})
    if missing:
        raise ApiError(404, f"No monitor with id {missing[0]}.")
    return jsonify(ShareOut(start=start, end=end, weeks=share.weeks,
                            brands=[asdict(brand) for brand in share.brands]).model_dump(mode="json"))
