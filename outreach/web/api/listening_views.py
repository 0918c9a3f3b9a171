"""The API's listening: the brand monitors, the mentions they found, and share of voice, the same
numbers as their pages."""

from __future__ import annotations

from dataclasses import asdict

from flask import g, jsonify
from sqlmodel import select

from outreach.core.models import Monitor
from outreach.core.share_of_voice import default_monitors, default_start, share_of_voice
from outreach.core.time_zones import today_in
from outreach.web.api.http import ApiError, parse_query
from outreach.web.api.queries import get_or_404
from outreach.web.api.schemas import MentionList, MentionOut, MentionQuery, MonitorOut, ShareOut, ShareQuery
from outreach.web.api.spec import operation
from outreach.web.db import get_session
from outreach.web.listening.queries import MentionFilters, mentions_statement, monitor_counts


@operation("GET", "/monitors", "The brand monitors, with how many mentions each found",
           response=MonitorOut, list_response=True)
def list_monitors():
    session = get_session()
    counts = monitor_counts(session)
    return jsonify([MonitorOut.model_validate(monitor).model_copy(update={"mentions": counts.get(monitor.id, 0)})
                    .model_dump(mode="json") for monitor in session.exec(select(Monitor).order_by(Monitor.name))])


@operation("GET", "/mentions", "Posts that name a monitored brand, newest first, with their open engagement",
           query=MentionQuery, response=MentionList, errors=(404,))
def list_mentions():
    query = parse_query(MentionQuery)
    if query.start and query.end and query.end < query.start:
        raise ApiError(422, "The end date is before the start date.")
    if query.monitor_id is not None:
        get_or_404(Monitor, query.monitor_id, "monitor")
    statement = mentions_statement(MentionFilters(query.monitor_id, query.platform or "", query.start, query.end))
    rows = get_session().exec(statement.offset((query.page - 1) * query.per_page).limit(query.per_page + 1)).all()
    items = [MentionOut(id=mention.id, monitor_id=mention.monitor_id, monitor_name=monitor,
                        matched_terms=mention.matched_terms, excerpt=mention.excerpt,
                        published_at=mention.published_at, found_at=mention.found_at, post_id=post.id,
                        post_url=post.url, post_title=post.title, blog_id=blog.id,
                        blog_title=blog.title or blog.feed_url, platform=blog.platform,
                        blogger_id=blogger.id if blogger else None, blogger_name=blogger.name if blogger else "",
                        comments=post.comment_count, shares=post.shares, likes=post.likes, views=post.views,
                        engagement_read_at=post.engagement_read_at)
             for mention, monitor, post, blog, blogger in rows[:query.per_page]]
    return jsonify(MentionList(items=items, page=query.page, per_page=query.per_page,
                               has_more=len(rows) > query.per_page).model_dump(mode="json"))


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
