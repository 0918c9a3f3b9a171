"""The managers' dashboard: the pipeline report as numbers, charts and CSV files."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, flash, render_template, request
from sqlmodel import select

from outreach.core.access import can_manage
from outreach.core.campaigns import coverage_won
from outreach.core.fees import campaign_spending
from outreach.core.models import Campaign, User
from outreach.core.reports import ReportFilter, money_by_currency, pipeline_report
from outreach.web.access import require
from outreach.web.dashboard import bp
from outreach.web.dashboard.forms import DashboardFilterForm
from outreach.web.db import get_session
from outreach.web.downloads import csv_response
from outreach.web.forms import options
from outreach.web.viewer_time import viewer_today

TABLES = ("summary", "funnel", "stage-ages", "activity", "coverage", "templates", "fees")
FEE_COLUMNS = ("blogger", "campaign", "description", "amount", "currency", "status", "agreed_on", "due_on", "paid_on",
               "invoice_reference", "overdue")


def read_filter() -> tuple[DashboardFilterForm, ReportFilter, str]:
    """The form, the filter it gives (no filter when invalid), and what was wrong, if anything."""
    session = get_session()
    form = DashboardFilterForm(request.args)
    form.campaign.choices = options([(0, "All campaigns")] + [
        (campaign.id, campaign.name) for campaign in session.exec(select(Campaign).order_by(Campaign.name))])
    form.staff.choices = options([(0, "Everyone")] + [
        (user.id, user.display_name) for user in session.exec(select(User).order_by(User.email))])
    if request.args and not form.validate():
        problem = "Check the filters: " + "; ".join(
            f"{form[name].label.text}: {errors[0]}" for name, errors in form.errors.items())
        return form, ReportFilter(), problem
    return form, ReportFilter(campaign_id=form.campaign.data or None, start=form.start.data,
                              end=form.end.data, staff_id=form.staff.data or None), ""


def percent(value):
    return "" if value is None else f"{value * 100:.1f}%"


def summary_rows(report):
    return [
        ("Entries", report.entries), ("Pitched", report.pitched), ("Replied", report.replied),
        ("Won (covered)", report.won), ("Coverage posts confirmed", report.coverage_won),
        ("Coverage proposals to review", report.coverage_proposed), ("Reply rate", percent(report.reply_rate)),
        ("Win rate", percent(report.win_rate)),
        ("Median days to first reply", report.median_days_to_first_reply),
        ("Follow-ups overdue", report.overdue_follow_ups), ("Samples sent", report.samples_sent),
        ("Samples received", report.samples_received), ("Samples outstanding", report.samples_outstanding),
        ("Value outstanding", money_by_currency(report.samples_outstanding_by_currency)),
        ("Value of all samples", money_by_currency(report.samples_value_by_currency)),
        ("Fees committed", money_by_currency({row.currency: row.committed for row in report.fee_totals})),
        ("Fees paid", money_by_currency({row.currency: row.paid for row in report.fee_totals})),
        ("Fees to pay", money_by_currency({row.currency: row.to_pay for row in report.fee_totals})),
        ("Fees overdue", sum(row.overdue_fees for row in report.fee_totals)),
        ("Posts agreed, not yet published", report.posts_agreed), ("Posts published", report.posts_published),
        ("Posts late", report.posts_late),
    ]


@bp.route("/")
@require(can_manage)
def index():
    form, report_filter, problem = read_filter()
    if problem:
        flash(problem, "error")
    today = viewer_today()
    report = pipeline_report(get_session(), report_filter, today)
    chart_data = {
        "funnel": {"labels": [step.stage for step in report.funnel],
                   "reached": [step.reached for step in report.funnel],
                   "current": [step.current for step in report.funnel]},
        "stageAges": {"labels": list(report.median_days_in_stage),
                      "days": list(report.median_days_in_stage.values())},
        "activity": weekly_totals(report.activity, report_filter.start, report_filter.end),
    }
    session = get_session()
    chosen = session.get(Campaign, report_filter.campaign_id) if report_filter.campaign_id else None
    # A goal's progress and a budget's use are counted for one campaign, over its whole life.
    goal_campaign = chosen if chosen is not None and chosen.coverage_goal else None
    return render_template("dashboard/index.html", form=form, report=report, chart_data=chart_data,
                           goal_campaign=goal_campaign,
                           spending=campaign_spending(session, chosen, today) if chosen else None,
                           goal_won=coverage_won(session, goal_campaign.id) if goal_campaign else 0,
                           money_by_currency=money_by_currency,
                           summary=summary_rows(report), percent=percent, args=request.args,
                           report_filter=report_filter)


MAX_CHART_WEEKS = 260  # five years of weeks: a range from 2000 on still draws a readable chart


def weekly_totals(activity: list[dict], start: date | None = None, end: date | None = None) -> dict:
    """Totals per week for the chart, every week included, from the range's start (else the first
    week with activity) to its end (else this week): a quiet week is a zero, not a gap."""
    keys = ("pitches", "follow_ups", "replies", "wins")
    weeks: dict[str, dict[str, int]] = {}
    for row in activity:
        week = weeks.setdefault(row["week"], dict.fromkeys(keys, 0))
        for key in keys:
            week[key] += row[key]
    if weeks:
        last = max(date.fromisoformat(max(weeks)), monday_of(end or viewer_today()))
        first = max(min(date.fromisoformat(min(weeks)), monday_of(start or last)),
                    last - timedelta(weeks=MAX_CHART_WEEKS))
        monday = first
        while monday <= last:
            weeks.setdefault(monday.isoformat(), dict.fromkeys(keys, 0))
            monday += timedelta(days=7)
    labels = sorted(weeks)
    return {"labels": labels, **{key: [weeks[label][key] for label in labels] for key in keys}}


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@bp.route("/<table>.csv")
@require(can_manage)
def download(table: str):
    if table not in TABLES:
        abort(404)
    _, report_filter, problem = read_filter()
    if problem:
        return Response(problem + "\n", status=400, mimetype="text/plain")
    report = pipeline_report(get_session(), report_filter, viewer_today())
    if table == "summary":
        return csv_response("summary.csv", ["measure", "value"], summary_rows(report))
    if table == "funnel":
        return csv_response("funnel.csv", ["stage", "now", "reached", "conversion_to_next"],
                            [(s.stage, s.current, s.reached, s.conversion_to_next) for s in report.funnel])
    if table == "stage-ages":
        return csv_response("stage-ages.csv", ["stage", "median_days"], report.median_days_in_stage.items())
    if table == "templates":
        keys = ("template", "pitched", "replied", "reply_rate", "won", "win_rate", "median_days_to_first_reply")
        return csv_response("templates.csv", keys, [[row[key] for key in keys] for row in report.templates])
    if table == "coverage":
        return csv_response("coverage.csv", ["blogger", "title", "url", "confirmed_on", "comments", "shares", "likes",
                                             "economic_value", "link", "disclosure"],
                            [(c["blogger"], c["title"], c["url"], c["confirmed_on"], c["comments"], c["shares"],
                              c["likes"], c["economic_value"], c["link"], c["disclosure"]) for c in report.coverage])
    if table == "fees":
        return csv_response("fees.csv", FEE_COLUMNS, [[row[key] for key in FEE_COLUMNS] for row in report.fees])
    return csv_response("activity.csv", ["week", "person", "pitches", "follow_ups", "replies", "wins"],
                        [(r["week"], r["person"], r["pitches"], r["follow_ups"], r["replies"], r["wins"])
                         for r in report.activity])
