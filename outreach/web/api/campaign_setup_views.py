"""Campaigns set up from scripts (managers): create one with the default stages, change its
settings, members and stages with the campaign form's rules, archive it when done and restore it."""

from __future__ import annotations

from flask import g
from sqlmodel import col, select

from outreach.core import lifecycle
from outreach.core.access import can_manage
from outreach.core.campaigns import (
    add_stage,
    create_campaign,
    place_stage,
    remove_stage,
    rename_stage,
    set_members,
    update_campaign,
)
from outreach.core.coverage_links import site_hosts
from outreach.core.db import row_or_none
from outreach.core.models import Campaign, Niche, Stage, User
from outreach.core.stages import PipelineError
from outreach.web.api.campaign_views import campaign_out
from outreach.web.api.http import ApiError, dump, parse_body, parse_query
from outreach.web.api.queries import campaign_or_error, get_or_404
from outreach.web.api.schemas import CampaignOut
from outreach.web.api.setup_schemas import (
    CampaignCreate,
    CampaignFields,
    CampaignUpdate,
    StageCreate,
    StageRemoval,
    StageUpdate,
)
from outreach.web.api.spec import operation
from outreach.web.db import get_session

# What a field left empty (null) holds; the others (dates, goal, budget, niche) hold null itself.
EMPTY = {"brand": "", "description": "", "brand_terms": [], "brand_sites": [], "avoid_terms": [],
         "coverage_stage_kind": "", "budget_currency": ""}
SETTINGS = tuple(name for name in CampaignFields.model_fields if name != "member_ids")


def refuse_unless_manager() -> None:
    if not can_manage(g.api_user):
        raise ApiError(403, "Campaigns are set up by managers and admins.")


def settings_of(data: CampaignFields, stored: Campaign | None = None) -> dict:
    """The fields the body gives, cleaned as the form cleans them, checked against what is stored."""
    fields = {}
    for name in SETTINGS:
        if name not in data.model_fields_set:
            continue
        value = getattr(data, name)
        if value is None:
            value = EMPTY.get(name)
            if name == "pitches_need_approval":
                raise ApiError(422, "pitches_need_approval is true or false, not null.")
        elif name in ("brand_terms", "avoid_terms"):
            value = [" ".join(term.split()) for term in value if term.strip()]
        elif name == "brand_sites":
            value = site_hosts(value)
        elif name == "budget_currency":
            value = value.upper()
        elif name == "brand":
            value = value.strip()
        fields[name] = value
    merged = {name: fields.get(name, getattr(stored, name) if stored else None) for name in
              ("starts_on", "ends_on", "budget", "budget_currency")}
    if merged["starts_on"] and merged["ends_on"] and merged["ends_on"] < merged["starts_on"]:
        raise ApiError(422, "The end date is before the start date.")
    if merged["budget"] is not None and not merged["budget_currency"]:
        raise ApiError(422, "Say which currency the budget is in: budget_currency, e.g. EUR.")
    if "niche_id" in fields and fields["niche_id"] is not None:
        get_or_404(Niche, fields["niche_id"], "niche")
    return fields


def members_of(data: CampaignFields) -> list[int] | None:
    """The member ids the body gives, each an active person's."""
    if data.member_ids is None:
        return None if "member_ids" not in data.model_fields_set else []
    wanted = set(data.member_ids)
    found = set(get_session().exec(select(User.id).where(col(User.id).in_(wanted), User.is_active)))
    missing = sorted(wanted - found)
    if missing:
        raise ApiError(404, f"No active person with id {missing[0]}.")
    return sorted(wanted)


@operation("POST", "/campaigns", "Create a campaign with the default stages (managers); you become a member",
           body=CampaignCreate, response=CampaignOut, status=201, errors=(403, 409))
def create_campaign_api():
    refuse_unless_manager()
    data = parse_body(CampaignCreate)
    fields, members = settings_of(data), members_of(data)
    session = get_session()
    try:
        campaign = create_campaign(session, g.api_user, data.name, **fields)
    except PipelineError as error:
        session.rollback()
        raise ApiError(409, str(error)) from None
    set_members(session, campaign, members or [], keep=g.api_user.id)
    session.commit()
    return dump(CampaignOut, campaign_out(campaign), 201)


@operation("PATCH", "/campaigns/<int:campaign_id>", "Change a campaign's settings or members (managers); only "
           "what is given, null clearing a field", body=CampaignUpdate, response=CampaignOut, errors=(403, 409))
def update_campaign_api(campaign_id: int):
    refuse_unless_manager()
    campaign = campaign_or_error(campaign_id)
    data = parse_body(CampaignUpdate)
    fields, members = settings_of(data, campaign), members_of(data)
    session = get_session()
    try:
        update_campaign(session, g.api_user, campaign, data.name if data.name is not None else campaign.name, **fields)
    except PipelineError as error:
        session.rollback()
        raise ApiError(409, str(error)) from None
    if members is not None:
        set_members(session, campaign, members)
    session.commit()
    return dump(CampaignOut, campaign_out(campaign))


@operation("POST", "/campaigns/<int:campaign_id>/archive", "Put a finished campaign away (managers): hidden from "
           "the pages' lists and read-only, its history kept", response=CampaignOut, errors=(403, 409))
def archive_campaign_api(campaign_id: int):
    return change_state(campaign_id, lifecycle.archive_campaign)


@operation("POST", "/campaigns/<int:campaign_id>/restore", "Bring an archived campaign back to work (managers)",
           response=CampaignOut, errors=(403, 409))
def restore_campaign_api(campaign_id: int):
    return change_state(campaign_id, lifecycle.restore_campaign)


def change_state(campaign_id: int, change):
    refuse_unless_manager()
    campaign = campaign_or_error(campaign_id, archived_too=True)  # restoring is why
    return committed(campaign, lambda session: change(session, g.api_user, campaign))


@operation("POST", "/campaigns/<int:campaign_id>/stages", "Add a stage as the board's last column (managers); "
           "answers with the campaign and its stages", body=StageCreate, response=CampaignOut, status=201,
           errors=(403, 409))
def add_stage_api(campaign_id: int):
    refuse_unless_manager()
    campaign = campaign_or_error(campaign_id)
    name = parse_body(StageCreate).name
    return committed(campaign, lambda session: add_stage(session, g.api_user, campaign, name), 201)


@operation("PATCH", "/campaigns/<int:campaign_id>/stages/<int:stage_id>", "Rename a stage or put it elsewhere on "
           "the board (managers); its kind and cards stay", body=StageUpdate, response=CampaignOut, errors=(403, 409))
def update_stage_api(campaign_id: int, stage_id: int):
    campaign, stage = managed_stage(campaign_id, stage_id)
    data = parse_body(StageUpdate)

    def change(session):
        if data.name is not None:
            rename_stage(session, g.api_user, stage, data.name)
        if data.position is not None:
            place_stage(session, g.api_user, stage, data.position)
    return committed(campaign, change)


@operation("DELETE", "/campaigns/<int:campaign_id>/stages/<int:stage_id>", "Remove a stage (managers), its cards "
           "moved first to `move_to`", query=StageRemoval, response=CampaignOut, errors=(403, 409))
def remove_stage_api(campaign_id: int, stage_id: int):
    campaign, stage = managed_stage(campaign_id, stage_id)
    query = parse_query(StageRemoval)
    move_to = stage_or_404(campaign, query.move_to) if query.move_to is not None else None
    return committed(campaign, lambda session: remove_stage(session, g.api_user, stage, move_to))


def managed_stage(campaign_id: int, stage_id: int) -> tuple[Campaign, Stage]:
    """The campaign and its stage a manager changes; refused as any change to the campaign is."""
    refuse_unless_manager()
    campaign = campaign_or_error(campaign_id)
    return campaign, stage_or_404(campaign, stage_id)


def stage_or_404(campaign: Campaign, stage_id: int) -> Stage:
    stage = row_or_none(get_session(), Stage, stage_id)  # an id past the integer range is simply not found
    if stage is None or stage.campaign_id != campaign.id:
        raise ApiError(404, f"No stage with id {stage_id} in this campaign.")
    return stage


def committed(campaign: Campaign, change, status: int = 200):
    """Make a change to the campaign (its state, its stages), refused (409) as its pages refuse it, and
    answer with the campaign as it is now."""
    session = get_session()
    try:
        change(session)
        session.commit()
    except PipelineError as error:
        session.rollback()
        raise ApiError(409, str(error)) from None
    return dump(CampaignOut, campaign_out(campaign), status)
