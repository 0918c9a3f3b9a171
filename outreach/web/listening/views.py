"""The stream of mentions, the voices behind them, and each person's alerts."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core import pipeline
from outreach.core.access import can_work_campaign, visible_campaigns
from outreach.core.db import row_or_none
from outreach.core.engagement import source_label
from outreach.core.exports import csv_text
from outreach.core.mentions import contact_speed, voices
from outreach.core.models import Campaign, Monitor, Notification, utcnow
from outreach.core.share_of_voice import MAX_BRANDS, MAX_WEEKS, default_monitors, default_start, share_of_voice
from outreach.core.stages import PipelineError
from outreach.web.db import get_session
from outreach.web.downloads import csv_response
from outreach.web.forms import options, requested_id, requested_page
from outreach.web.listening import bp
from outreach.web.listening.forms import MentionFilterForm, ShareOfVoiceForm
from outreach.web.listening.queries import PAGE_SIZE, MentionFilters, mentions_statement, unread_count
from outreach.web.viewer_time import viewer_today

# The post's open engagement as last read (empty where the platform publishes none), with
# where and when it was read: figures change, so a report says of when they are.
MENTIONS_HEADER = ["published", "monitor", "terms", "source", "platform", "author", "post_title", "post_url",
                   "comments", "shares", "likes", "views", "engagement_source", "engagement_read", "excerpt"]


def read_filters() -> tuple[MentionFilterForm, MentionFilters, str]:
    """The filter form, the filters it gives (none when invalid), and what was wrong."""
    form = MentionFilterForm(request.args)
    monitors = get_session().exec(select(Monitor.id, Monitor.name).order_by(Monitor.name)).all()
    form.monitor.choices = options([(0, "Every monitor")] + [tuple(row) for row in monitors])
    if request.args and not form.validate():
        return form, MentionFilters(), "Check the filters: " + "; ".join(
            f"{form[name].label.text}: {errors[0]}" for name, errors in form.errors.items())
    return form, MentionFilters(form.monitor.data or None, form.platform.data or "", form.start.data,
                                form.end.data), ""


@bp.route("/mentions/")
def mentions():
    session = get_session()
    form, filters, problem = read_filters()
    if problem:
        flash(problem, "error")
    page = requested_page(request.args)
    rows = session.exec(mentions_statement(filters).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    speed, answered = contact_speed(session, filters.monitor_id)
    args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template("listening/mentions.html", form=form, rows=rows[:PAGE_SIZE], page=page,
                           has_next=len(rows) > PAGE_SIZE, args=args, speed=speed, answered=answered)


@bp.route("/mentions/export.csv")
def export_mentions():
    """The mentions the page's filters select, as CSV."""
    _, filters, problem = read_filters()
    if problem:
        return Response(problem + "\n", status=400, mimetype="text/plain")
    rows = ([mention.published_at.isoformat(), monitor, "; ".join(mention.matched_terms), blog.title or blog.feed_url,
             blog.platform, blogger.name if blogger else "", post.title, post.url, post.comment_count, post.shares,
             post.likes, post.views, source_label(post.engagement_source, blog.platform),
             post.engagement_read_at.isoformat() if post.engagement_read_at else "", mention.excerpt]
            for mention, monitor, post, blog, blogger in get_session().exec(mentions_statement(filters)))
    return Response(csv_text(MENTIONS_HEADER, rows), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="mentions.csv"'})


@bp.route("/mentions/voices")
def voices_page():
    session = get_session()
    monitor_id = requested_id(request.args, "monitor")
    monitors = session.exec(select(Monitor).order_by(Monitor.name)).all()
    campaigns = session.exec(visible_campaigns(current_user).where(Campaign.is_archived.is_(False))).all()
    return render_template("listening/voices.html", voices=voices(session, monitor_id), monitors=monitors,
                           monitor_id=monitor_id, campaigns=campaigns)


@bp.route("/mentions/voices/shortlist", methods=["POST"])
def shortlist_voice():
    """One click from a new voice to a campaign's shortlist."""
    session = get_session()
    campaign = row_or_none(session, Campaign, request.form.get("campaign_id", type=int))
    blogger_id = requested_id(request.form, "blogger_id") or 0
    if campaign is None:
        flash("Choose a campaign to shortlist into.", "error")
    elif not can_work_campaign(session, current_user, campaign.id):
        abort(403)
    else:
        try:
            pipeline.add_blogger_to_campaign(session, current_user, campaign, blogger_id)
            session.commit()
            flash(f"Shortlisted into {campaign.name!r}.", "success")
        except PipelineError as error:
            session.rollback()
            flash(str(error), "error")
    return redirect(url_for("listening.voices_page", monitor=request.form.get("monitor") or None))


@bp.route("/alerts/")
def alerts():
    session = get_session()
    notes = session.exec(select(Notification).where(Notification.user_id == current_user.id)
                         .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(200)).all()
    return render_template("listening/alerts.html", notes=notes)


@bp.route("/alerts/read", methods=["POST"])
def mark_alerts_read():
    session = get_session()
    for note in session.exec(select(Notification).where(Notification.user_id == current_user.id,
                                                        Notification.read_at.is_(None))):
        note.read_at = utcnow()
        session.add(note)
    session.commit()
    return redirect(url_for("listening.alerts"))


@bp.app_context_processor
def inject_unread_alerts():
    """The menu's alerts badge, on every page."""
    if not current_user.is_authenticated:
        return {}
    return {"unread_alert_count": unread_count(get_session(), current_user.id)}


def read_share_form():
    """The form, the chosen monitors and days (the last 12 weeks of every active monitor, at most 10, by
    default), and what was wrong."""
    session = get_session()
    form = ShareOfVoiceForm(request.args)
    form.monitors.choices = options(session.exec(select(Monitor.id, Monitor.name).order_by(Monitor.name)).all())
    end, problem = viewer_today(), ""
    start, chosen = default_start(end), default_monitors(session)
    if request.args:
        if not form.validate():
            problem = "Check the filters: " + "; ".join(
                f"{form[name].label.text}: {errors[0]}" for name, errors in form.errors.items())
        else:
            end = form.end.data or end
            start = form.start.data or default_start(end)
            chosen = (form.monitors.data or chosen)[:MAX_BRANDS]
            if len(form.monitors.data or []) > MAX_BRANDS:
                problem = f"At most {MAX_BRANDS} brands are compared at once: the first {MAX_BRANDS} are shown."
            elif (end - start).days > MAX_WEEKS * 7:
                problem = f"At most {MAX_WEEKS} weeks are charted: the last {MAX_WEEKS} to {end.isoformat()} are shown."
    form.monitors.data, form.start.data, form.end.data = chosen, start, end
    return form, chosen, start, end, problem


@bp.route("/mentions/share")
def share_page():
    form, chosen, start, end, problem = read_share_form()
    if problem:
        flash(problem, "error")
    share = share_of_voice(get_session(), chosen, start, end)
    chart = {"weeks": [week.isoformat() for week in share.weeks],
             "brands": [{"name": brand.name, "weekly": brand.weekly} for brand in share.brands]}
    return render_template("listening/share.html", form=form, share=share, chart=chart, args=request.args)


@bp.route("/mentions/share.csv")
def share_csv():
    _, chosen, start, end, problem = read_share_form()
    if problem.startswith("Check"):
        return Response(problem + "\n", status=400, mimetype="text/plain")
    share = share_of_voice(get_session(), chosen, start, end)
    return csv_response("share-of-voice.csv", ["brand", "mentions", "mention_share", "authors", "engagement",
                                               "engagement_share"],
                        [(brand.name, brand.mentions, brand.mention_share, brand.authors, brand.engagement,
                          brand.engagement_share) for brand in share.brands])
