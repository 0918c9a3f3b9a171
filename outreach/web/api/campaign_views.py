"""The API's operations on the pipeline side: campaigns, entries, pitches, samples, fees and the
report. Thin views over the same queries and rules as the pages."""

from __future__ import annotations

from flask import current_app, g, jsonify
from sqlmodel import select

from outreach.core.access import can_manage, visible_campaigns
from outreach.core.address_requests import LINK_LASTS, ask_for_address
from outreach.core.coverage import record_coverage
from outreach.core.deliverables import cancel_deliverable, mark_published, move_deliverable, record_deliverable
from outreach.core.fees import record_fee, set_fee_status
from outreach.core.models import (
    Blogger,
    Campaign,
    CampaignMember,
    Coverage,
    Deliverable,
    Fee,
    PipelineEntry,
    Pitch,
    PitchTemplate,
    Sample,
    Stage,
)
from outreach.core.pipeline import add_blogger_to_campaign, log_pitch, move_card, set_follow_up
from outreach.core.reports import ReportFilter, pipeline_report
from outreach.core.samples import record_sample
from outreach.core.stages import campaign_stages, commit_entry_change
from outreach.core.time_zones import today_in
from outreach.web.api.http import ApiError, dump, dump_list, parse_body, parse_query
from outreach.web.api.queries import campaign_or_error, entry_or_error, get_or_404
from outreach.web.api.schemas import (
    AddressLinkOut,
    CampaignOut,
    CoverageCreate,
    CoverageOut,
    CoverageQuery,
    DeliverableChange,
    DeliverableCreate,
    DeliverableMove,
    DeliverableOut,
    EntryCreate,
    EntryOut,
    EntryQuery,
    EntryUpdate,
    FeeCreate,
    FeeOut,
    FeeQuery,
    FeeStatusChange,
    FunnelStepOut,
    PitchCreate,
    PitchOut,
    ReportOut,
    ReportQuery,
    SampleCreate,
    SampleOut,
    StageOut,
)
from outreach.web.api.spec import operation
from outreach.web.campaigns.address_views import address_link_for
from outreach.web.db import get_session


@operation("GET", "/reports/pipeline", "The dashboard's numbers: funnel, rates, stage ages, samples, activity",
           query=ReportQuery, response=ReportOut, errors=(403,))
def get_report():
    if not can_manage(g.api_user):
        raise ApiError(403, "Reports are for managers and admins.")
    query = parse_query(ReportQuery)
    if query.start and query.end and query.end < query.start:
        raise ApiError(422, "The end date is before the start date.")
    if query.campaign_id is not None:
        get_or_404(Campaign, query.campaign_id, "campaign")
    report = pipeline_report(get_session(), ReportFilter(campaign_id=query.campaign_id, start=query.start,
                                                         end=query.end, staff_id=query.staff_id))
    data = {name: getattr(report, name) for name in ReportOut.model_fields if name not in ("funnel", "fee_totals")}
    data["funnel"] = [FunnelStepOut(**vars(step)) for step in report.funnel]
    data["fee_totals"] = [vars(row) for row in report.fee_totals]
    return jsonify(ReportOut(**data).model_dump(mode="json"))


def campaign_out(campaign: Campaign) -> CampaignOut:
    out = CampaignOut.model_validate(campaign)
    out.stages = [StageOut.model_validate(stage) for stage in campaign_stages(get_session(), campaign.id)]
    return out


@operation("GET", "/campaigns", "The campaigns you may work", response=CampaignOut, list_response=True)
def list_campaigns():
    campaigns = get_session().exec(visible_campaigns(g.api_user)).all()
    return jsonify([campaign_out(campaign).model_dump(mode="json") for campaign in campaigns])


@operation("GET", "/campaigns/<int:campaign_id>", "One campaign with its stages", response=CampaignOut,
           errors=(403,))
def get_campaign(campaign_id: int):
    return jsonify(campaign_out(campaign_or_error(campaign_id)).model_dump(mode="json"))


@operation("GET", "/campaigns/<int:campaign_id>/entries", "A campaign's entries, optionally of one stage",
           query=EntryQuery, response=EntryOut, list_response=True, errors=(403,))
def list_entries(campaign_id: int):
    campaign = campaign_or_error(campaign_id)
    query = parse_query(EntryQuery)
    statement = select(PipelineEntry).where(PipelineEntry.campaign_id == campaign.id)
    if query.stage_id is not None:
        statement = statement.where(PipelineEntry.stage_id == query.stage_id)
    return dump_list(EntryOut, get_session().exec(statement.order_by(PipelineEntry.id)))


@operation("POST", "/campaigns/<int:campaign_id>/entries", "Shortlist a blogger into a campaign",
           body=EntryCreate, response=EntryOut, status=201, errors=(403, 409))
def create_entry(campaign_id: int):
    campaign = campaign_or_error(campaign_id)
    data = parse_body(EntryCreate)
    session = get_session()
    if session.get(Blogger, data.blogger_id) is None:
        raise ApiError(404, f"No blogger with id {data.blogger_id}.")
    entry = add_blogger_to_campaign(session, g.api_user, campaign, data.blogger_id, data.score)
    session.commit()
    return dump(EntryOut, entry, 201)


@operation("GET", "/entries/<int:entry_id>", "One entry", response=EntryOut, errors=(403,))
def get_entry(entry_id: int):
    return dump(EntryOut, entry_or_error(entry_id))


@operation("PATCH", "/entries/<int:entry_id>", "Move an entry to a stage, or set its follow-up and owner",
           body=EntryUpdate, response=EntryOut, errors=(403, 409))
def update_entry(entry_id: int):
    entry = entry_or_error(entry_id)
    change = parse_body(EntryUpdate)
    session = get_session()
    fields = change.model_fields_set
    if change.version != entry.version:
        raise ApiError(409, "This entry changed since you read it (version "
                            f"{entry.version}, you sent {change.version}). Read it again.")
    if "owner_id" in fields and change.owner_id is not None:
        if session.get(CampaignMember, (entry.campaign_id, change.owner_id)) is None:
            raise ApiError(404, f"No member with id {change.owner_id} in this campaign: the owner must be one.")
    follow_up = {name: getattr(change, name) for name in ("next_follow_up_on", "owner_id") if name in fields}
    if change.stage_id is not None:
        stage = session.get(Stage, change.stage_id)
        if stage is None or stage.campaign_id != entry.campaign_id:
            raise ApiError(404, f"No stage with id {change.stage_id} in this campaign.")
        move_card(session, g.api_user, entry, stage, change.version)
    set_follow_up(session, g.api_user, entry, via="api", **follow_up)
    commit_entry_change(session)
    return dump(EntryOut, entry)


@operation("GET", "/entries/<int:entry_id>/pitches", "An entry's pitches and follow-ups",
           response=PitchOut, list_response=True, errors=(403,))
def list_pitches(entry_id: int):
    entry = entry_or_error(entry_id)
    return dump_list(PitchOut, get_session().exec(
        select(Pitch).where(Pitch.entry_id == entry.id).order_by(Pitch.sent_at, Pitch.id)))


@operation("POST", "/entries/<int:entry_id>/pitches", "Log a pitch or follow-up",
           body=PitchCreate, response=PitchOut, status=201, errors=(403, 409))
def create_pitch(entry_id: int):
    entry = entry_or_error(entry_id)
    data = parse_body(PitchCreate)
    session = get_session()
    pitch = log_pitch(session, g.api_user, entry, channel=data.channel, subject=data.subject,
                      message=data.message, follow_up_on=data.follow_up_on, is_follow_up=data.is_follow_up,
                      template_id=data.template_id and get_or_404(PitchTemplate, data.template_id, "pitch template").id)
    commit_entry_change(session)
    return dump(PitchOut, pitch, 201)


@operation("GET", "/campaigns/<int:campaign_id>/coverage",
           "A campaign's coverage (posts proposed, confirmed or rejected), with measures and link checks",
           query=CoverageQuery, response=CoverageOut, list_response=True, errors=(403,))
def list_campaign_coverage(campaign_id: int):
    campaign = campaign_or_error(campaign_id)
    statement = (select(Coverage).join(PipelineEntry, PipelineEntry.id == Coverage.entry_id)
                 .where(PipelineEntry.campaign_id == campaign.id))
    return coverage_list(statement)


@operation("GET", "/entries/<int:entry_id>/coverage", "An entry's coverage, with measures and link checks",
           query=CoverageQuery, response=CoverageOut, list_response=True, errors=(403,))
def list_entry_coverage(entry_id: int):
    entry = entry_or_error(entry_id)
    return coverage_list(select(Coverage).where(Coverage.entry_id == entry.id))


@operation("POST", "/entries/<int:entry_id>/coverage",
           "Record coverage found by hand (a video, a guest post elsewhere), confirmed as it is added",
           body=CoverageCreate, response=CoverageOut, status=201, errors=(403, 409))
def create_coverage(entry_id: int):
    entry = entry_or_error(entry_id)
    data = parse_body(CoverageCreate)
    session = get_session()
    coverage = record_coverage(session, g.api_user, entry, data.url, data.title)
    commit_entry_change(session)
    return dump(CoverageOut, coverage, 201)


def coverage_list(statement):
    query = parse_query(CoverageQuery)
    if query.status is not None:
        statement = statement.where(Coverage.status == query.status)
    return dump_list(CoverageOut, get_session().exec(statement.order_by(Coverage.found_at, Coverage.id)))


@operation("GET", "/entries/<int:entry_id>/samples", "An entry's product samples",
           response=SampleOut, list_response=True, errors=(403,))
def list_samples(entry_id: int):
    entry = entry_or_error(entry_id)
    return dump_list(SampleOut, get_session().exec(
        select(Sample).where(Sample.entry_id == entry.id).order_by(Sample.id)))


@operation("POST", "/entries/<int:entry_id>/samples", "Record a product sample",
           body=SampleCreate, response=SampleOut, status=201, errors=(403, 409))
def create_sample(entry_id: int):
    entry = entry_or_error(entry_id)
    data = parse_body(SampleCreate)
    if data.received_on and data.sent_on and data.received_on < data.sent_on:
        raise ApiError(422, "A sample cannot be received before it was sent.")
    session = get_session()
    sample = record_sample(session, g.api_user, entry, Sample(**data.model_dump()), today=today_in(g.api_user.time_zone))
    commit_entry_change(session)
    return dump(SampleOut, sample, 201)


@operation("POST", "/samples/<int:sample_id>/address-request",
           "A private link that asks the blogger for a planned sample's address (the one before stops working)",
           response=AddressLinkOut, status=201, errors=(403, 409))
def create_address_request(sample_id: int):
    sample = get_or_404(Sample, sample_id, "sample")
    entry_or_error(sample.entry_id)
    session = get_session()
    token = ask_for_address(session, g.api_user, sample, current_app.config["SECRET_KEY"])
    session.commit()
    return dump(AddressLinkOut, {"link": address_link_for(token),
                                 "expires_at": sample.address_asked_at + LINK_LASTS}, 201)


@operation("GET", "/entries/<int:entry_id>/fees", "An entry's fees",
           response=FeeOut, list_response=True, errors=(403,))
def list_fees(entry_id: int):
    entry = entry_or_error(entry_id)
    return dump_list(FeeOut, get_session().exec(select(Fee).where(Fee.entry_id == entry.id).order_by(Fee.id)))


@operation("GET", "/campaigns/<int:campaign_id>/fees", "A campaign's fees, optionally of one status, oldest first",
           query=FeeQuery, response=FeeOut, list_response=True, errors=(403,))
def list_campaign_fees(campaign_id: int):
    campaign = campaign_or_error(campaign_id)
    query = parse_query(FeeQuery)
    statement = (select(Fee).join(PipelineEntry, PipelineEntry.id == Fee.entry_id)
                 .where(PipelineEntry.campaign_id == campaign.id))
    if query.status is not None:
        statement = statement.where(Fee.status == query.status)
    return dump_list(FeeOut, get_session().exec(statement.order_by(Fee.agreed_on, Fee.id)))


@operation("POST", "/entries/<int:entry_id>/fees", "Record a fee agreed with the blogger",
           body=FeeCreate, response=FeeOut, status=201, errors=(403, 409))
def create_fee(entry_id: int):
    entry = entry_or_error(entry_id)
    data = parse_body(FeeCreate)
    today = today_in(g.api_user.time_zone)
    if data.agreed_on and data.agreed_on > today:
        raise ApiError(422, "A fee is recorded once it is agreed: agreed_on cannot be ahead of today.")
    if data.due_on and data.agreed_on and data.due_on < data.agreed_on:
        raise ApiError(422, "due_on is before agreed_on.")
    session = get_session()
    fee = record_fee(session, g.api_user, entry, Fee(**data.model_dump()), today=today)
    commit_entry_change(session)
    return dump(FeeOut, fee, 201)


@operation("GET", "/entries/<int:entry_id>/deliverables", "What the entry's blogger agreed to publish",
           response=DeliverableOut, list_response=True, errors=(403,))
def list_deliverables(entry_id: int):
    entry = entry_or_error(entry_id)
    return dump_list(DeliverableOut, get_session().exec(
        select(Deliverable).where(Deliverable.entry_id == entry.id).order_by(Deliverable.id)))


@operation("POST", "/entries/<int:entry_id>/deliverables", "Record what the blogger agreed to publish, and by when",
           body=DeliverableCreate, response=DeliverableOut, status=201, errors=(403, 409))
def create_deliverable(entry_id: int):
    entry = entry_or_error(entry_id)
    data = parse_body(DeliverableCreate)
    session = get_session()
    deliverable = record_deliverable(session, g.api_user, entry, data.description, data.due_on)
    commit_entry_change(session)
    return dump(DeliverableOut, deliverable, 201)


@operation("PATCH", "/deliverables/<int:deliverable_id>", "Move a planned deliverable to a new day",
           body=DeliverableMove, response=DeliverableOut, errors=(403, 409))
def move_deliverable_api(deliverable_id: int):
    deliverable = get_or_404(Deliverable, deliverable_id, "deliverable")
    entry_or_error(deliverable.entry_id)
    data = parse_body(DeliverableMove)
    session = get_session()
    move_deliverable(session, g.api_user, deliverable, data.due_on)
    commit_entry_change(session)
    return dump(DeliverableOut, deliverable)


@operation("POST", "/deliverables/<int:deliverable_id>/status",
           "Mark a deliverable published (as a confirmed coverage post of its entry) or cancelled",
           body=DeliverableChange, response=DeliverableOut, errors=(403, 409))
def change_deliverable(deliverable_id: int):
    deliverable = get_or_404(Deliverable, deliverable_id, "deliverable")
    entry_or_error(deliverable.entry_id)
    data = parse_body(DeliverableChange)
    session = get_session()
    if data.status == "cancelled":
        cancel_deliverable(session, g.api_user, deliverable)
    else:
        if data.coverage_id is None:
            raise ApiError(422, "Give the coverage_id of the post that delivered it.")
        mark_published(session, g.api_user, deliverable, get_or_404(Coverage, data.coverage_id, "coverage"))
    commit_entry_change(session)
    return dump(DeliverableOut, deliverable)


@operation("POST", "/fees/<int:fee_id>/status", "Mark a fee invoiced, paid or cancelled",
           body=FeeStatusChange, response=FeeOut, errors=(403, 409))
def change_fee_status(fee_id: int):
    fee = get_or_404(Fee, fee_id, "fee")
    entry_or_error(fee.entry_id)
    data = parse_body(FeeStatusChange)
    session = get_session()
    set_fee_status(session, g.api_user, fee, data.status, today=today_in(g.api_user.time_zone), on=data.on,
                   invoice_reference=data.invoice_reference)
    commit_entry_change(session)
    return dump(FeeOut, fee)
