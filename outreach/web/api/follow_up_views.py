"""The API's follow-ups: the entries whose follow-up falls to you, due today or overdue (and the
days ahead when asked), as the follow-ups page lists them."""

from __future__ import annotations

from datetime import timedelta

from flask import g, jsonify

from outreach.core.follow_ups import due_follow_ups
from outreach.core.time_zones import today_in
from outreach.web.api.contact_schemas import FollowUpOut, FollowUpQuery
from outreach.web.api.http import parse_query
from outreach.web.api.spec import operation
from outreach.web.db import get_session


@operation("GET", "/follow-ups", "Your follow-ups due today or overdue, oldest first (and those due within "
           "`days` after today, when asked), on your time zone's day", query=FollowUpQuery, response=FollowUpOut,
           list_response=True)
def list_follow_ups():
    query = parse_query(FollowUpQuery)
    today = today_in(g.api_user.time_zone)
    due = due_follow_ups(get_session(), g.api_user.id, today + timedelta(days=query.days))
    return jsonify([FollowUpOut(entry_id=item.entry.id, version=item.entry.version, campaign_id=item.campaign.id,
                                campaign_name=item.campaign.name, stage=item.stage.name,
                                blogger_id=item.entry.blogger_id, name=item.name, due_on=item.entry.next_follow_up_on,
                                days_overdue=item.days_overdue(today)).model_dump(mode="json") for item in due])
