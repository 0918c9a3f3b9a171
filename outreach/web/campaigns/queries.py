"""Named queries of the campaign pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from flask import abort, request
from sqlalchemy import Date, Integer, bindparam, type_coerce, union_all
from sqlmodel import Session, func, select

from outreach.core.access import can_work_campaign
from outreach.core.bloggers import blogger_labels
from outreach.core.engagement import combined_rates
from outreach.core.fees import to_pay
from outreach.core.models import (
    AuditEvent,
    Blog,
    Blogger,
    Campaign,
    CampaignMember,
    Coverage,
    Deliverable,
    Fee,
    Note,
    PipelineEntry,
    Pitch,
    PitchTemplate,
    Reply,
    Sample,
    Stage,
    StageChange,
    User,
)
from outreach.web.campaigns.board_filters import CLAUSES, BoardFilters
from outreach.web.db import get_or_404
from outreach.web.viewer_time import viewer_today

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_campaign_or_404(session: Session, campaign_id: int, user: User) -> Campaign:
    """The campaign, or 404 when it does not exist and 403 when the user may not work it."""
    campaign = get_or_404(session, Campaign, campaign_id)
    if not can_work_campaign(session, user, campaign.id):
        abort(403)
    if campaign.is_archived and request.method not in SAFE_METHODS and request.blueprint != "lifecycle":
        abort(409, description=f"{campaign.name!r} is archived, so it is read-only: a manager restores it "
                               "from its board first.")
    return campaign


@dataclass
class CampaignSummary:
    """A campaign's progress at a glance, for the list of campaigns."""

    bloggers: int = 0
    pitched: int = 0
    replied: int = 0
    coverage: int = 0  # confirmed posts
    committed: Decimal | None = None  # fees in the budget's currency, when it has a budget


def campaign_summaries(session: Session, campaigns: list[Campaign]) -> dict[int, CampaignSummary]:
    """Each campaign's bloggers, how many were pitched and replied, its coverage and its fees against
    its budget: one grouped query each, whatever the number of campaigns."""
    ids = [campaign.id for campaign in campaigns]
    summaries = {campaign_id: CampaignSummary() for campaign_id in ids}
    if not ids:
        return summaries
    in_campaigns = PipelineEntry.campaign_id.in_(ids)

    def per_campaign(model, counted, *conditions):
        return session.exec(select(PipelineEntry.campaign_id, func.count(func.distinct(counted)))
                            .join(model, model.entry_id == PipelineEntry.id)
                            .where(in_campaigns, *conditions).group_by(PipelineEntry.campaign_id)).all()

    for campaign_id, count in session.exec(select(PipelineEntry.campaign_id, func.count())
                                           .where(in_campaigns).group_by(PipelineEntry.campaign_id)):
        summaries[campaign_id].bloggers = count
    for campaign_id, count in per_campaign(Pitch, Pitch.entry_id):
        summaries[campaign_id].pitched = count
    for campaign_id, count in per_campaign(Reply, Reply.entry_id):
        summaries[campaign_id].replied = count
    for campaign_id, count in per_campaign(Coverage, Coverage.id, Coverage.status == "confirmed"):
        summaries[campaign_id].coverage = count
    budgets = {campaign.id: campaign.budget_currency for campaign in campaigns if campaign.budget is not None}
    for campaign_id in budgets:
        summaries[campaign_id].committed = Decimal("0")
    for campaign_id, currency, amount in session.exec(
            select(PipelineEntry.campaign_id, Fee.currency, func.sum(Fee.amount))
            .join(Fee, Fee.entry_id == PipelineEntry.id)
            .where(PipelineEntry.campaign_id.in_(list(budgets) or [0]), Fee.status != "cancelled")
            .group_by(PipelineEntry.campaign_id, Fee.currency)):
        if currency == budgets[campaign_id]:
            summaries[campaign_id].committed = Decimal(amount)
    return summaries


def get_entry_or_404(session: Session, entry_id: int, user: User) -> PipelineEntry:
    """The entry, or 404, or 403 when the user may not work its campaign."""
    entry = get_or_404(session, PipelineEntry, entry_id)
    get_campaign_or_404(session, entry.campaign_id, user)
    return entry


def get_stage_or_404(session: Session, stage_id: int, campaign_id: int) -> Stage:
    """A stage of this campaign; another campaign's is not found."""
    stage = get_or_404(session, Stage, stage_id)
    if stage.campaign_id != campaign_id:
        abort(404)
    return stage


def get_sample_or_404(session: Session, sample_id: int, user: User) -> Sample:
    return get_on_entry_or_404(session, Sample, sample_id, user)


def get_fee_or_404(session: Session, fee_id: int, user: User) -> Fee:
    return get_on_entry_or_404(session, Fee, fee_id, user)


def get_deliverable_or_404(session: Session, deliverable_id: int, user: User) -> Deliverable:
    return get_on_entry_or_404(session, Deliverable, deliverable_id, user)


def get_coverage_or_404(session: Session, coverage_id: int, user: User) -> Coverage:
    return get_on_entry_or_404(session, Coverage, coverage_id, user)


def get_on_entry_or_404(session: Session, model: type, row_id: int, user: User):
    """A row that belongs to an entry (a sample, coverage), when the user may work the entry."""
    row = get_or_404(session, model, row_id)
    get_entry_or_404(session, row.entry_id, user)
    return row


def campaign_members(session: Session, campaign_id: int) -> list[User]:
    """The people who work this campaign, by email."""
    return list(session.exec(
        select(User).join(CampaignMember, CampaignMember.user_id == User.id)
        .where(CampaignMember.campaign_id == campaign_id).order_by(User.email)))


def get_template_or_404(session: Session, template_id: int) -> PitchTemplate:
    return get_or_404(session, PitchTemplate, template_id)


@dataclass(frozen=True, slots=True)
class CardEntry:
    """The fields of a pipeline entry a board card shows: read as plain columns, not as
    ORM objects, since a board loads 180 of them on every view."""

    id: int
    stage_id: int
    blogger_id: int
    version: int
    score: float | None
    last_contact_at: datetime | None
    next_follow_up_on: date | None


@dataclass
class BoardCard:
    """What a card on the board shows."""

    entry: CardEntry
    name: str
    owner: str
    do_not_contact: bool
    samples_out: int
    coverage_to_review: int = 0
    fee_due: date | None = None  # the earliest due day of its fees to pay (NO_DUE_DAY: none is dated)
    post_due: date | None = None  # the earliest day a planned deliverable is due (NO_DUE_DAY: none is dated)
    engagement: dict | None = None  # the person's open engagement over all their channels

    def is_overdue(self, today: date) -> bool:
        return self.entry.next_follow_up_on is not None and self.entry.next_follow_up_on < today


FEE_STEPS = {"fee_invoiced": "invoiced", "fee_paid": "paid", "fee_cancelled": "cancelled"}
BOARD_COLUMN_LIMIT = 20
NO_DUE_DAY = date(9999, 12, 31)  # what a fee or a post without a due day counts as, for the earliest


NO_FILTERS = BoardFilters()


def stage_counts(session: Session, campaign_id: int, filters: BoardFilters = NO_FILTERS) -> dict[int, int]:
    """How many cards each stage holds (of those the filters let through)."""
    statement = (select(PipelineEntry.stage_id, func.count()).where(PipelineEntry.campaign_id == campaign_id)
                 .where(*(CLAUSES[name] for name in filters.clause_names())).group_by(PipelineEntry.stage_id))
    parameters = filters.parameters(viewer_today()) if filters.active else {}
    return dict(session.connection().execute(statement, parameters).all())


@lru_cache(maxsize=256)
def board_statement(stages: int, limited: bool, clause_names: tuple[str, ...] = ()):
    """The board's select for this many columns and these filters, built once: building it (a
    branch per column) cost more than running it. Parameters: campaign_id, stage_0.., limit
    and the filters' (board_filters.py)."""
    order = (PipelineEntry.score.desc(), PipelineEntry.id)
    columns_ids = []
    for n in range(stages):
        column = select(PipelineEntry.id.label("entry_id")).where(
            PipelineEntry.campaign_id == bindparam("campaign_id"),
            PipelineEntry.stage_id == bindparam(f"stage_{n}"),
            *(CLAUSES[name] for name in clause_names),
        ).order_by(*order)
        if limited:
            column = column.limit(bindparam("limit", type_=Integer))
        columns_ids.append(select(column.subquery().c.entry_id))
    chosen = (union_all(*columns_ids) if len(columns_ids) > 1 else columns_ids[0]).subquery()
    samples_out = (
        select(func.count()).where(Sample.entry_id == PipelineEntry.id, Sample.status == "sent")
        .correlate(PipelineEntry).scalar_subquery()
    )
    fee_due = type_coerce(
        select(func.min(func.coalesce(Fee.due_on, NO_DUE_DAY)))
        .where(Fee.entry_id == PipelineEntry.id, to_pay())
        .correlate(PipelineEntry).scalar_subquery(), Date)
    proposed = (
        select(func.count()).where(Coverage.entry_id == PipelineEntry.id, Coverage.status == "proposed")
        .correlate(PipelineEntry).scalar_subquery()
    )
    post_due = type_coerce(
        select(func.min(func.coalesce(Deliverable.due_on, NO_DUE_DAY))).where(Deliverable.entry_id == PipelineEntry.id,
                                                   Deliverable.status == "planned")
        .correlate(PipelineEntry).scalar_subquery(), Date)
    return (
        select(PipelineEntry.id, PipelineEntry.stage_id, PipelineEntry.blogger_id, PipelineEntry.version,
               PipelineEntry.score, PipelineEntry.last_contact_at, PipelineEntry.next_follow_up_on,
               Blogger.name, Blogger.do_not_contact, User.email, User.name, samples_out, proposed,
               fee_due, post_due)
        .join(chosen, chosen.c.entry_id == PipelineEntry.id)
        .join(Blogger, Blogger.id == PipelineEntry.blogger_id)
        .join(User, User.id == PipelineEntry.owner_id, isouter=True)
        .order_by(PipelineEntry.stage_id, *order)
    )


def campaign_board(
    session: Session, campaign_id: int, limit: int | None = BOARD_COLUMN_LIMIT,
    stage_id: int | None = None, filters: BoardFilters = NO_FILTERS,
) -> dict[int, list[BoardCard]]:
    """Cards grouped by stage id, best score first, at most `limit` per stage.

    A big campaign's columns hold hundreds of cards; the board shows the first ones
    and loads the rest of a column on demand, so the page stays fast. Each column's
    first cards are read from the (campaign, stage, score, id) index, one LIMITed
    select per stage joined by UNION ALL: a window function over the whole campaign
    would rank every entry to show 20 of each column.
    """
    stage_ids = [stage_id] if stage_id is not None else list(
        session.exec(select(Stage.id).where(Stage.campaign_id == campaign_id)))
    if not stage_ids:
        return defaultdict(list)
    params = {"campaign_id": campaign_id, **{f"stage_{n}": value for n, value in enumerate(stage_ids)}}
    if limit is not None:
        params["limit"] = limit
    if filters.active:
        params.update(filters.parameters(viewer_today()))
    statement = board_statement(len(stage_ids), limit is not None, filters.clause_names())
    # On the connection: plain rows, without the ORM's per-row work.
    rows = session.connection().execute(statement, params).all()
    unnamed = [row[2] for row in rows if not row[7]]
    labels = blogger_labels(session, unnamed)
    engagement = engagement_by_blogger(session, {row[2] for row in rows})
    columns: dict[int, list[BoardCard]] = defaultdict(list)
    for *fields, name, dnc, owner_email, owner_name, out, to_review, fee_due, post_due in rows:
        entry = CardEntry(*fields)
        label = name or labels.get(entry.blogger_id, (f"Blogger {entry.blogger_id}", ""))[0]
        columns[entry.stage_id].append(
            BoardCard(entry, label, owner_name or owner_email or "", bool(dnc), out or 0, to_review or 0,
                      fee_due, post_due, engagement.get(entry.blogger_id))
        )
    return columns


def engagement_by_blogger(session: Session, blogger_ids: set[int]) -> dict[int, dict]:
    """Each blogger's open engagement over their channels, as each crawl left it on the channel."""
    if not blogger_ids:
        return {}
    channels: dict[int, list[dict]] = defaultdict(list)
    for blogger_id, details in session.connection().execute(
            select(Blog.blogger_id, Blog.details).where(Blog.blogger_id.in_(blogger_ids))):
        if details and details.get("engagement"):
            channels[blogger_id].append(details["engagement"])
    return {blogger_id: combined_rates(rates) for blogger_id, rates in channels.items()}


@dataclass
class TimelineItem:
    """One dated event in an entry's or a blogger's history."""

    at: datetime
    kind: str
    title: str
    body: str
    who: str
    campaign: str = ""


def entry_timeline(session: Session, entry_ids: list[int]) -> list[TimelineItem]:
    """Stage moves, pitches, replies, samples, fees and notes of these entries, newest first."""
    if not entry_ids:
        return []
    users = {user.id: user.display_name for user in session.exec(select(User))}
    campaigns = dict(
        session.exec(
            select(PipelineEntry.id, Campaign.name)
            .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
            .where(PipelineEntry.id.in_(entry_ids))
        ).all()
    )
    items: list[TimelineItem] = []
    for change in session.exec(select(StageChange).where(StageChange.entry_id.in_(entry_ids))):
        title = (f"Moved from {change.from_stage_name} to {change.to_stage_name}"
                 if change.from_stage_name else f"Added to {change.to_stage_name}")
        items.append(TimelineItem(change.changed_at, "stage", title, "",
                                  users.get(change.changed_by_id, ""), campaigns[change.entry_id]))
    for pitch in session.exec(select(Pitch).where(Pitch.entry_id.in_(entry_ids))):
        kind = "Follow-up" if pitch.is_follow_up else "Pitch"
        items.append(TimelineItem(pitch.sent_at, "pitch", f"{kind} by {pitch.channel}: {pitch.subject}",
                                  pitch.message, users.get(pitch.sent_by_id, ""),
                                  campaigns[pitch.entry_id]))
    for reply in session.exec(select(Reply).where(Reply.entry_id.in_(entry_ids))):
        items.append(TimelineItem(reply.received_at, "reply", f"Reply ({reply.sentiment})",
                                  reply.summary, users.get(reply.logged_by_id, ""),
                                  campaigns[reply.entry_id]))
    for sample in session.exec(select(Sample).where(Sample.entry_id.in_(entry_ids))):
        items.append(TimelineItem(sample.created_at, "sample",
                                  f"Sample: {sample.quantity} x {sample.item} ({sample.status})",
                                  sample.tracking_number and f"Tracking {sample.carrier} {sample.tracking_number}",
                                  users.get(sample.created_by_id, ""), campaigns[sample.entry_id]))
    fees = {fee.id: fee for fee in session.exec(select(Fee).where(Fee.entry_id.in_(entry_ids)))}
    for fee in fees.values():
        items.append(TimelineItem(fee.created_at, "fee", f"Fee: {fee.amount:.2f} {fee.currency} for {fee.description} "
                                  f"({fee.status})", fee.invoice_reference and f"Invoice {fee.invoice_reference}",
                                  users.get(fee.created_by_id, ""), campaigns[fee.entry_id]))
    # Each fee marked invoiced, paid or cancelled, when and by whom, as the audit trail has it.
    for event in session.exec(select(AuditEvent).where(AuditEvent.object_type == "fee",
                                                       AuditEvent.object_id.in_(list(fees) or [0]),
                                                       AuditEvent.action.in_(FEE_STEPS))):
        fee = fees[event.object_id]
        items.append(TimelineItem(event.at, "fee", f"Fee {FEE_STEPS[event.action]}: {fee.description}", "",
                                  users.get(event.user_id, ""), campaigns[fee.entry_id]))
    for note in session.exec(select(Note).where(Note.entry_id.in_(entry_ids))):
        items.append(TimelineItem(note.created_at, "note", "Note", note.body,
                                  users.get(note.author_id, ""), campaigns[note.entry_id]))
    items.sort(key=lambda item: item.at, reverse=True)
    return items


def _board_version_statement():
    entries = (select(func.count(), func.coalesce(func.sum(PipelineEntry.version), 0), func.max(PipelineEntry.id))
               .where(PipelineEntry.campaign_id == bindparam("campaign_id")))
    stages = (select(func.count(), func.coalesce(func.sum(Stage.position * Stage.id), 0), func.max(Stage.id))
              .where(Stage.campaign_id == bindparam("campaign_id")))
    return union_all(entries, stages)


# Built once and run on the connection: every open board asks for it every few seconds.
BOARD_VERSION = _board_version_statement()


def board_version(session: Session, campaign_id: int) -> str:
    """A token that changes whenever a card of the campaign is added, moved, changed or removed,
    or its columns change: what the live board polls for (an ETag). The entries' part reads
    only the index ix_entry_campaign_version."""
    rows = session.connection().execute(BOARD_VERSION, {"campaign_id": campaign_id}).all()
    return "b-" + "-".join(str(value or 0) for row in rows for value in row)
