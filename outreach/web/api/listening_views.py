"""The API's listening reports: share of voice, the same numbers as its page."""

from __future__ import annotations

from dataclasses import asdict

from flask import g, jsonify

from outreach.core.share_of_voice import default_monitors, default_start, share_of_voice
from outreach.core.time_zones import today_in
from outreach.web.api.http import ApiError, parse_query
from outreach.web.api.schemas import ShareOut, ShareQuery
from outreach.web.api.spec import operation
from outreach.web.db import get_session


@operation("GET", "/reports/share-of-voice",
           "Each brand's mentions, people and engagement against the others', week by week (one monitor a brand)",
           query=ShareQuery, response=ShareOut)
def get_share_of_voice():
    query = parse_query(ShareQuery)
    end = query.end or today_in(g.api_user.time_zone)
    start = query.start or default_start(end)
    if end < start:
        raise ApiError(422, "The end date is before the start date.")
    session = get_session()
    chosen = [int(value) for value in query.monitors.split(",")] if query.monitors else default_monitors(session)
    share = share_of_voice(session, chosen, start, end)
    missing = sorted(set(chosen) - {brand.monitor_id for brand in share.brands})
    if missing:
        raise ApiError(404, f"No monitor with id {missing[0]}.")
    return jsonify(ShareOut(start=start, end=end, weeks=share.weeks,
                            brands=[asdict(brand) for brand in share.brands]).model_dump(mode="json"))
