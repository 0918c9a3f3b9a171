"""Monday's email to managers: last week's pitches, replies, wins and coverage of each live
campaign, with what is overdue now: the dashboard's numbers for those who do not open it daily."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any, Collection, Mapping

from sqlmodel import Session, col, select

from outreach.core.access import MANAGING_ROLES
from outreach.core.fees import overdue_fee_count
from outreach.core.models import Campaign, User
from outreach.core.reports import Report, ReportFilter, pipeline_report
from outreach.core.system_mail import plain_message, send_messages

log = logging.getLogger(__name__)


def last_week(today: date) -> tuple[date, date]:
    """Monday to Sunday of the week before the one `today` is in."""
    monday = today - timedelta(days=today.weekday() + 7)
    return monday, monday + timedelta(days=6)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def campaign_line(name: str, report: Report, fees_overdue: int = 0) -> str:
    line = (f"- {name}: {report.pitched} pitched, {report.replied} replied ({percent(report.reply_rate)}), "
            f"{report.won} won; {report.coverage_won} coverage posts; {report.overdue_follow_ups} follow-ups overdue")
    line += f"; {fees_overdue} {'fee' if fees_overdue == 1 else 'fees'} overdue" if fees_overdue else ""
    return line + (f"; {report.posts_late} agreed {'post' if report.posts_late == 1 else 'posts'} late"
                   if report.posts_late else "")


def weekly_lines(session: Session, today: date) -> list[str]:
    """One line per live campaign that had any work last week or has follow-ups, fees or agreed posts overdue."""
    start, end = last_week(today)
    lines = []
    for campaign in session.exec(select(Campaign).where(col(Campaign.is_archived).is_(False)).order_by(Campaign.name)):
        report = pipeline_report(session, ReportFilter(campaign_id=campaign.id, start=start, end=end), today)
        fees_overdue = overdue_fee_count(session, campaign.id, today)
        if (report.pitched or report.replied or report.won or report.coverage_won or report.overdue_follow_ups
                or fees_overdue or report.posts_late):
            lines.append(campaign_line(campaign.name, report, fees_overdue))
    return lines


def weekly_message(config: Mapping[str, Any], user: User, today: date, lines: list[str]) -> EmailMessage:
    start, end = last_week(today)
    body = "\n".join([f"Hello {user.display_name},", "",
                      f"The campaigns' week, {start.isoformat()} to {end.isoformat()}:", "", *lines, "",
                      "You get this email each Monday as a manager. Stop it on your account's Emails page."])
    path = f"/dashboard/?start={start.isoformat()}&end={end.isoformat()}"
    return plain_message(config, user.email, f"Outreach: the week to {end.isoformat()}", body, link=path)


def send_weekly_reports(session: Session, today: date, config: Mapping[str, Any],
                        zones: Collection[str] | None = None) -> int:
    """Monday's reports, by email when SMTP is configured (to the people of `zones`, when given);
    returns how many were sent."""
    if not config.get("SMTP_HOST"):
        return 0
    readers = select(User).where(User.is_active, User.email_weekly_report,
                                 col(User.role).in_(MANAGING_ROLES)).order_by(User.id)
    if zones is not None:
        readers = readers.where(col(User.time_zone).in_(zones))
    readers = session.exec(readers).all()
    if not readers:
        return 0
    lines = weekly_lines(session, today)
    if not lines:
        log.info("weekly report: no campaign had any work last week")
        return 0
    return send_messages(config, [weekly_message(config, user, today, lines) for user in readers])
