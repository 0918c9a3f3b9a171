"""Pipeline reports for managers: funnel, conversion, rates, stage ages, samples, fees, activity.

Computed in Python over one campaign's (or every campaign's) rows: a campaign holds
thousands of entries at most, and the same numbers feed the page, the charts and the CSV.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from sqlmodel import Session, col, select

from outreach.core.bloggers import blogger_labels
from outreach.core.deliverables import is_late
from outreach.core.disclosure import disclosure_owed
from outreach.core.fees import FeeTotals, fee_totals, is_overdue
from outreach.core.models import (
    CLOSED_STAGE_KINDS,
    SENT_SAMPLE_STATUSES,
    Campaign,
    Coverage,
    Deliverable,
    Fee,
    PipelineEntry,
    Pitch,
    PitchTemplate,
    Reply,
    Sample,
    Stage,
    StageChange,
    User,
    utc_today,
    utcnow,
)

WIN_STAGE_KINDS = frozenset({"covered", "ongoing"})


@dataclass(frozen=True)
class ReportFilter:
    """Which campaign (None: all), which dates and whose work a report covers."""

    campaign_id: int | None = None
    start: date | None = None
    end: date | None = None
    staff_id: int | None = None

    def window(self) -> tuple[datetime, datetime]:
        start = datetime.combine(self.start or date(1970, 1, 1), time.min, tzinfo=timezone.utc)
        end = datetime.combine(self.end or date(9999, 12, 30), time.max, tzinfo=timezone.utc)
        return start, end

    def contains(self, moment: datetime | None) -> bool:
        start, end = self.window()
        return moment is not None and start <= moment <= end


@dataclass
class FunnelStep:
    stage: str
    current: int
    reached: int
    conversion_to_next: float | None = None


@dataclass
class Report:
    funnel: list[FunnelStep] = field(default_factory=list)
    entries: int = 0
    pitched: int = 0
    replied: int = 0
    won: int = 0
    reply_rate: float | None = None
    win_rate: float | None = None
    median_days_to_first_reply: float | None = None
    median_days_in_stage: dict[str, float] = field(default_factory=dict)
    overdue_follow_ups: int = 0
    samples_sent: int = 0
    samples_received: int = 0
    samples_outstanding: int = 0
    samples_outstanding_value: Decimal = Decimal("0")
    samples_value: Decimal = Decimal("0")
    # The same sums per currency (ISO code): a total across currencies means little on its own.
    samples_outstanding_by_currency: dict[str, Decimal] = field(default_factory=dict)
    samples_value_by_currency: dict[str, Decimal] = field(default_factory=dict)
    activity: list[dict] = field(default_factory=list)
    coverage_won: int = 0
    coverage_proposed: int = 0
    coverage: list[dict] = field(default_factory=list)  # confirmed posts with Kaushik's measures
    templates: list[dict] = field(default_factory=list)  # the first pitches of each template, and how they did
    fees: list[dict] = field(default_factory=list)  # fees agreed in the range, each with its blogger
    fee_totals: list[FeeTotals] = field(default_factory=list)  # what they come to, per currency
    posts_agreed: int = 0  # deliverables still planned
    posts_published: int = 0  # deliverables published in the range
    posts_late: int = 0  # planned ones past their day


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def days(delta: timedelta) -> float:
    return delta.total_seconds() / 86400


def pipeline_report(session: Session, report_filter: ReportFilter, today: date | None = None) -> Report:
    """Every number of the dashboard, for one campaign or all, within the filter."""
    today = today or utc_today()
    entry_query = select(PipelineEntry).join(Campaign, Campaign.id == PipelineEntry.campaign_id)
    if report_filter.campaign_id is not None:
        entry_query = entry_query.where(PipelineEntry.campaign_id == report_filter.campaign_id)
    all_entries = session.exec(entry_query).all()
    # The staff filter means "their pipeline" for the funnel and rates (entries they own)
    # and "their work" for activity (whatever entry they acted on).
    entries = [entry for entry in all_entries
               if report_filter.staff_id is None or entry.owner_id == report_filter.staff_id]
    report = Report(entries=len(entries))
    if not all_entries:
        return report
    all_ids = [entry.id for entry in all_entries]
    stages = {stage.id: stage for stage in session.exec(
        select(Stage).where(Stage.campaign_id.in_({entry.campaign_id for entry in all_entries})))}
    all_changes = session.exec(select(StageChange).where(StageChange.entry_id.in_(all_ids))
                               .order_by(StageChange.entry_id, StageChange.changed_at, StageChange.id)).all()
    all_pitches = session.exec(select(Pitch).where(Pitch.entry_id.in_(all_ids))).all()
    all_replies = session.exec(select(Reply).where(Reply.entry_id.in_(all_ids))).all()
    report.activity = weekly_activity(session, all_pitches, all_replies, all_changes, stages, report_filter)
    entry_ids = {entry.id for entry in entries}
    changes = [change for change in all_changes if change.entry_id in entry_ids]
    pitches = [pitch for pitch in all_pitches if pitch.entry_id in entry_ids]
    replies = [reply for reply in all_replies if reply.entry_id in entry_ids]
    samples = session.exec(select(Sample).where(Sample.entry_id.in_(entry_ids))).all() if entry_ids else []
    if not entries:
        return report

    report.funnel = build_funnel(entries, stages, changes, report_filter)
    contact_rates(session, report, pitches, replies, changes, stages, report_filter)
    report.median_days_in_stage = stage_ages(changes, stages, report_filter)
    report.overdue_follow_ups = sum(1 for entry in entries
                                    if entry.next_follow_up_on and entry.next_follow_up_on < today
                                    and stages.get(entry.stage_id) is not None
                                    and stages[entry.stage_id].kind not in CLOSED_STAGE_KINDS)
    sample_totals(report, samples)
    blogger_of = {entry.id: entry.blogger_id for entry in entries}
    coverage_report(session, report, blogger_of, report_filter)
    fee_report(session, report, blogger_of, report_filter, today)
    deliverable_report(session, report, list(blogger_of), report_filter, today)
    return report


def contact_rates(session: Session, report: Report, pitches, replies, changes, stages,
                  report_filter: ReportFilter) -> None:
    """Pitched, replied and won entries, the reply and win rates, and the median days to a
    first reply: from each entry's first pitch in the range; the same for each template."""
    first_pitches: dict[int, Pitch] = {}
    for pitch in sorted(pitches, key=lambda pitch: (pitch.sent_at, pitch.id)):
        if report_filter.contains(pitch.sent_at):
            first_pitches.setdefault(pitch.entry_id, pitch)
    first_pitch = {entry_id: pitch.sent_at for entry_id, pitch in first_pitches.items()}
    first_reply: dict[int, datetime] = {}
    for reply in replies:
        if reply.entry_id in first_pitch and reply.received_at >= first_pitch[reply.entry_id]:
            first_reply[reply.entry_id] = min(reply.received_at,
                                              first_reply.get(reply.entry_id, reply.received_at))
    won = {change.entry_id for change in changes
           if change.entry_id in first_pitch and report_filter.contains(change.changed_at)
           and stages.get(change.to_stage_id) is not None
           and stages[change.to_stage_id].kind in WIN_STAGE_KINDS}
    report.pitched, report.replied, report.won = len(first_pitch), len(first_reply), len(won)
    report.reply_rate = rate(report.replied, report.pitched)
    report.win_rate = rate(report.won, report.pitched)
    waits = [days(first_reply[entry_id] - first_pitch[entry_id]) for entry_id in first_reply]
    report.median_days_to_first_reply = round(statistics.median(waits), 2) if waits else None
    report.templates = template_rates(session, first_pitches, first_reply, won)


def template_rates(session: Session, first_pitches: dict[int, Pitch], first_reply: dict[int, datetime],
                   won: set[int]) -> list[dict]:
    """Per template, the entries whose first pitch was written from it (those written without one
    together), how many replied and were won, and the median days to the reply: most used first."""
    groups: dict[int | None, list[int]] = defaultdict(list)
    for entry_id, pitch in first_pitches.items():
        groups[pitch.template_id].append(entry_id)
    names = dict(session.exec(select(PitchTemplate.id, PitchTemplate.name)
                              .where(PitchTemplate.id.in_([key for key in groups if key is not None]))).all())
    rows = []
    for template_id, entry_ids in groups.items():
        replied = [entry_id for entry_id in entry_ids if entry_id in first_reply]
        waits = [days(first_reply[entry_id] - first_pitches[entry_id].sent_at) for entry_id in replied]
        wins = sum(1 for entry_id in entry_ids if entry_id in won)
        rows.append({"template": names.get(template_id, "Written without a template"), "template_id": template_id,
                     "pitched": len(entry_ids), "replied": len(replied), "reply_rate": rate(len(replied), len(entry_ids)),
                     "won": wins, "win_rate": rate(wins, len(entry_ids)),
                     "median_days_to_first_reply": round(statistics.median(waits), 2) if waits else None})
    return sorted(rows, key=lambda row: (row["template_id"] is None, -row["pitched"], row["template"]))


def sample_totals(report: Report, samples) -> None:
    """Samples sent, received and outstanding, and what they are worth."""
    for sample in samples:
        value = sample.unit_value * sample.quantity
        report.samples_value += value
        currency = (sample.currency or "").upper()
        report.samples_value_by_currency[currency] = report.samples_value_by_currency.get(currency, 0) + value
        if sample.status in SENT_SAMPLE_STATUSES:
            report.samples_sent += 1
        if sample.status == "received" or sample.received_on:
            report.samples_received += 1
        if sample.status == "sent":
            report.samples_outstanding += 1
            report.samples_outstanding_value += value
            report.samples_outstanding_by_currency[currency] = (
                report.samples_outstanding_by_currency.get(currency, 0) + value)


# A coverage post's last link check, as the dashboard and its CSV say it ("" when not checked).
LINK_WORDS = {"linked": "live", "no_link": "lost", "gone": "page gone", "error": "not read"}


def coverage_report(session: Session, report: Report, blogger_of: dict[int, int], report_filter: ReportFilter) -> None:
    """Coverage won in the range (of the entries `blogger_of` maps to their bloggers), each post
    with its blogger, Kaushik's conversation, amplification and applause rates and its economic value."""
    if not blogger_of:
        return
    rows = session.exec(select(Coverage).where(Coverage.entry_id.in_(list(blogger_of)))
                        .order_by(Coverage.decided_at, Coverage.id)).all()
    report.coverage_proposed = sum(1 for row in rows if row.status == "proposed")
    won = [row for row in rows if row.status == "confirmed" and report_filter.contains(row.decided_at)]
    labels = blogger_labels(session, [blogger_of[row.entry_id] for row in won])
    owed = disclosure_owed(session, {row.entry_id for row in won})
    for row in won:
        report.coverage_won += 1
        report.coverage.append({
            "title": row.title, "url": row.url, "confirmed_on": row.decided_at.date().isoformat(),
            "blogger": labels[blogger_of[row.entry_id]][0],
            "comments": row.comments, "shares": row.shares, "likes": row.likes,
            "economic_value": row.economic_value, "link": LINK_WORDS.get(row.link_status, ""),
            "disclosure": disclosure_word(row, row.entry_id in owed),
        })


def disclosure_word(coverage: Coverage, owed: bool) -> str:
    """A coverage post's disclosure as the dashboard says it: the phrase found, "missing" when the
    blogger was paid or gifted and none was found, "not read" when unknown, else empty."""
    if coverage.disclosure:
        return coverage.disclosure
    if not owed:
        return ""
    return "missing" if coverage.disclosure == "" else "not read"


def deliverable_report(session: Session, report: Report, entry_ids: list[int], report_filter: ReportFilter,
                       today: date) -> None:
    """What the entries' bloggers agreed to publish: still planned, published in the range, and late."""
    if not entry_ids:
        return
    rows = session.exec(select(Deliverable).where(col(Deliverable.entry_id).in_(entry_ids))).all()
    start, end = report_filter.start or date.min, report_filter.end or date.max
    report.posts_agreed = sum(row.status == "planned" for row in rows)
    report.posts_published = sum(row.status == "published" and start <= (row.published_on or date.min) <= end
                                 for row in rows)
    report.posts_late = sum(is_late(row, today) for row in rows)


def fee_report(session: Session, report: Report, blogger_of: dict[int, int], report_filter: ReportFilter,
               today: date) -> None:
    """Fees agreed in the range (of the entries `blogger_of` maps to their bloggers), each with its blogger
    and campaign, oldest first, and what they come to per currency."""
    statement = select(Fee).where(Fee.entry_id.in_(list(blogger_of)))
    if report_filter.start:
        statement = statement.where(Fee.agreed_on >= report_filter.start)
    if report_filter.end:
        statement = statement.where(Fee.agreed_on <= report_filter.end)
    fees = session.exec(statement.order_by(Fee.agreed_on, Fee.id)).all()
    if not fees:
        return
    labels = blogger_labels(session, [blogger_of[fee.entry_id] for fee in fees])
    campaign_of = dict(session.exec(select(PipelineEntry.id, Campaign.name)
                                    .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
                                    .where(PipelineEntry.id.in_({fee.entry_id for fee in fees}))).all())
    report.fee_totals = fee_totals(fees, today)
    report.fees = [{
        "blogger": labels[blogger_of[fee.entry_id]][0], "campaign": campaign_of[fee.entry_id], "entry_id": fee.entry_id,
        "description": fee.description, "amount": fee.amount, "currency": fee.currency, "status": fee.status,
        "agreed_on": fee.agreed_on, "due_on": fee.due_on, "paid_on": fee.paid_on,
        "invoice_reference": fee.invoice_reference, "overdue": is_overdue(fee, today),
    } for fee in fees]


def build_funnel(entries, stages, changes, report_filter) -> list[FunnelStep]:
    """Open stages in board order: cards there now, cards that ever reached them, and the
    share of those that went on to the next stage."""
    campaign_stages = sorted(
        (stage for stage in stages.values() if stage.kind not in CLOSED_STAGE_KINDS),
        key=lambda stage: (stage.position, stage.id),
    )
    current = Counter(entry.stage_id for entry in entries)
    reached_positions: dict[int, int] = {}
    for change in changes:
        stage = stages.get(change.to_stage_id)
        if stage is None or stage.kind in CLOSED_STAGE_KINDS:
            continue
        if report_filter.start or report_filter.end:
            if not report_filter.contains(change.changed_at):
                continue
        reached_positions[change.entry_id] = max(stage.position, reached_positions.get(change.entry_id, -1))
    by_name: dict[str, FunnelStep] = {}
    for stage in campaign_stages:
        step = by_name.get(stage.name)
        reached = sum(1 for position in reached_positions.values() if position >= stage.position)
        if step is None:
            by_name[stage.name] = FunnelStep(stage.name, current[stage.id], reached)
        else:  # the same stage name across several campaigns
            step.current += current[stage.id]
            step.reached = max(step.reached, reached)
    funnel = list(by_name.values())
    for step, following in zip(funnel, funnel[1:]):
        step.conversion_to_next = rate(following.reached, step.reached)
    return funnel


def stage_ages(changes, stages, report_filter) -> dict[str, float]:
    """Median days a card spent in each stage, from consecutive moves (open stays count to now)."""
    spans: dict[str, list[float]] = defaultdict(list)
    by_entry: dict[int, list[StageChange]] = defaultdict(list)
    for change in changes:
        by_entry[change.entry_id].append(change)
    now = utcnow()
    for moves in by_entry.values():
        for move, following in zip(moves, moves[1:] + [None]):
            if not report_filter.contains(move.changed_at) and (report_filter.start or report_filter.end):
                continue
            left = following.changed_at if following is not None else now
            spans[move.to_stage_name].append(days(left - move.changed_at))
    order = {stage.name: (stage.position, stage.id) for stage in stages.values()}
    return {name: round(statistics.median(values), 2)
            for name, values in sorted(spans.items(), key=lambda item: order.get(item[0], (99, 0)))}


def weekly_activity(session, pitches, replies, changes, stages, report_filter) -> list[dict]:
    """Pitches, follow-ups, replies and wins per person per ISO week (Monday's date)."""
    counts: dict[tuple[str, int | None], Counter] = defaultdict(Counter)

    def week_of(moment: datetime) -> str:
        return (moment.date() - timedelta(days=moment.weekday())).isoformat()

    for pitch in pitches:
        if report_filter.contains(pitch.sent_at) and staff_matches(report_filter, pitch.sent_by_id):
            kind = "follow_ups" if pitch.is_follow_up else "pitches"
            counts[(week_of(pitch.sent_at), pitch.sent_by_id)][kind] += 1
    for reply in replies:
        if report_filter.contains(reply.received_at) and staff_matches(report_filter, reply.logged_by_id):
            counts[(week_of(reply.received_at), reply.logged_by_id)]["replies"] += 1
    for change in changes:
        stage = stages.get(change.to_stage_id)
        if (stage is not None and stage.kind in WIN_STAGE_KINDS and report_filter.contains(change.changed_at)
                and staff_matches(report_filter, change.changed_by_id)):
            counts[(week_of(change.changed_at), change.changed_by_id)]["wins"] += 1
    names = {user.id: user.display_name for user in session.exec(select(User))}
    rows = []
    for (week, user_id), counter in sorted(counts.items(), key=lambda item: (item[0][0], names.get(item[0][1], ""))):
        rows.append({"week": week, "person": names.get(user_id, "(deleted user)"),
                     "pitches": counter["pitches"], "follow_ups": counter["follow_ups"],
                     "replies": counter["replies"], "wins": counter["wins"]})
    return rows


def staff_matches(report_filter: ReportFilter, user_id: int | None) -> bool:
    return report_filter.staff_id is None or report_filter.staff_id == user_id


def money_by_currency(sums: dict[str, Decimal]) -> str:
    """Sums per currency as people read them: '98.00 EUR + 49.00 USD', or '0.00' for none."""
    return " + ".join(f"{amount:,.2f} {currency}" for currency, amount in sorted(sums.items())) or "0.00"
