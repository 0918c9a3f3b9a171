"""The managers' dashboard: the pipeline report as numbers, charts and CSV files."""

from __future__ import annotations

from flask import Response, abort, flash, render_template, request
from sqlmodel import select

from outreach.core.access import can_manage
from outreach.core.models import Campaign, User
from outreach.core.reports import ReportFilter, pipeline_report
from outreach.web.access import require
from outreach.web.dashboard import bp
from outreach.web.dashboard.forms import DashboardFilterForm
from outreach.web.db import get_session
from outreach.web.downloads import csv_response
from outreach.web.forms import options

TABLES = ("summary", "funnel", "stage-ages", "activity", "coverage")


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
        ("Value outstanding", f"{report.samples_outstanding_value:.2f}"),
        ("Value of all samples", f"{report.samples_value:.2f}"),
    ]


@bp.route("/")
@require(can_manage)
def index():
    form, report_filter, problem = read_filter()
    if problem:
        flash(problem, "error")
    report = pipeline_report(get_session(), report_filter)
    chart_data = {
        "funnel": {"labels": [step.stage for step in report.funnel],
                   "reached": [step.reached for step in report.funnel],
                   "current": [step.current for step in report.funnel]},
        "stageAges": {"labels": list(report.median_days_in_stage),
                      "days": list(report.median_days_in_stage.values())},
        "activity": weekly_totals(report.activity),
    }
    return render_template("dashboard/index.html", form=form, report=report, chart_data=chart_data,
                           summary=summary_rows(report), percent=percent, args=request.args)


def weekly_totals(activity: list[dict]) -> dict:
    weeks: dict[str, dict[str, int]] = {}
    for row in activity:
        week = weeks.setdefault(row["week"], {"pitches": 0, "follow_ups": 0, "replies": 0, "wins": 0})
        for key in week:
            week[key] += row[key]
    labels = sorted(weeks)
    return {"labels": labels, **{key: [weeks[label][key] for label in labels]
                                 for key in ("pitches", "follow_ups", "replies", "wins")}}


@bp.route("/<table>.csv")
@require(can_manage)
def download(table: str):
    if table not in TABLES:
        abort(404)
    _, report_filter, problem = read_filter()
    if problem:
        return Response(problem + "\n", status=400, mimetype="text/plain")
    report = pipeline_report(get_session(), report_filter)
    if table == "summary":
        return csv_response("summary.csv", ["measure", "value"], summary_rows(report))
    if table == "funnel":
        return csv_response("funnel.csv", ["stage", "now", "reached", "conversion_to_next"],
                            [(s.stage, s.current, s.reached, s.conversion_to_next) for s in report.funnel])
    if table == "stage-ages":
        return csv_response("stage-ages.csv", ["stage", "median_days"], report.median_days_in_stage.items())
    if table == "coverage":
        return csv_response("coverage.csv", ["title", "url", "confirmed_on", "comments", "shares", "likes",
                                             "economic_value"],
                            [(c["title"], c["url"], c["confirmed_on"], c["comments"], c["shares"], c["likes"],
                              c["economic_value"]) for c in report.coverage])
    return csv_response("activity.csv", ["week", "person", "pitches", "follow_ups", "replies", "wins"],
                        [(r["week"], r["person"], r["pitches"], r["follow_ups"], r["replies"], r["wins"])
                         for r in report.activity])
