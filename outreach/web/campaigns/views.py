"""Campaign pages: the list, settings, stages and the board."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core.blog_lists import export_opml

from outreach.core import audit
from outreach.core.access import can_manage, visible_campaigns
from outreach.web.access import require
from outreach.web.downloads import csv_response
from outreach.web.db import get_session
from outreach.core.exports import PIPELINE_HEADER, pipeline_rows
from outreach.web.forms import options
from outreach.core.models import Campaign, CampaignMember, Niche, Stage, User
from outreach.core.pipeline import (
    PipelineError,
    StaleEntryError,
    campaign_stages,
    commit_entry_change,
    create_campaign,
    move_entry,
    remove_stage,
)
from outreach.web.campaigns import bp
from outreach.web.campaigns.forms import CampaignForm, MoveForm, StageAddForm, StageEditForm, StageRemoveForm, split_terms
from outreach.web.campaigns.queries import (
    campaign_board,
    get_campaign_or_404,
    get_entry_or_404,
    get_stage_or_404,
    stage_counts,
)


@bp.route("/")
def index():
    session = get_session()
    campaigns = session.exec(visible_campaigns(current_user)).all()
    return render_template("campaigns/index.html", campaigns=campaigns)


def fill_choices(form: CampaignForm) -> None:
    session = get_session()
    form.niche_id.choices = options([(0, "(none)")] + [
        (niche.id, niche.name) for niche in session.exec(select(Niche).order_by(Niche.name))
    ])
    form.member_ids.choices = options(
        (user.id, user.display_name)
        for user in session.exec(select(User).where(User.is_active).order_by(User.email))
    )


def campaign_fields(form: CampaignForm) -> dict:
    return {
        "brand": (form.brand.data or "").strip(),
        "description": form.description.data or "",
        "niche_id": form.niche_id.data or None,
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "brand_terms": split_terms(form.brand_terms.data),
        "coverage_stage_kind": form.coverage_stage_kind.data or "",
    }


@bp.route("/new", methods=["GET", "POST"])
@require(can_manage)
def new():
    form = CampaignForm()
    fill_choices(form)
    if form.validate_on_submit():
        session = get_session()
        try:
            campaign = create_campaign(session, current_user, form.name.data, **campaign_fields(form))
        except PipelineError as error:
            form.name.errors.append(str(error))
        else:
            set_members(session, campaign, form.member_ids.data or [], keep=current_user.id)
            session.commit()
            flash(f"Campaign {campaign.name!r} created.", "success")
            return redirect(url_for("campaigns.board", campaign_id=campaign.id))
    status = 400 if form.errors else 200
    return render_template("campaigns/form.html", form=form, campaign=None), status


def set_members(session, campaign: Campaign, user_ids: list[int], keep: int | None = None) -> None:
    wanted = set(user_ids) | ({keep} if keep else set())
    current = {
        member.user_id: member
        for member in session.exec(select(CampaignMember).where(CampaignMember.campaign_id == campaign.id))
    }
    for user_id in wanted - current.keys():
        session.add(CampaignMember(campaign_id=campaign.id, user_id=user_id))
    for user_id in current.keys() - wanted:
        session.delete(current[user_id])


@bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
@require(can_manage)
def edit(campaign_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    form = CampaignForm(obj=campaign)
    fill_choices(form)
    if request.method == "GET":
        form.brand_terms.data = ", ".join(campaign.brand_terms)
        form.niche_id.data = campaign.niche_id or 0
        form.member_ids.data = list(
            session.exec(select(CampaignMember.user_id).where(CampaignMember.campaign_id == campaign.id))
        )
    if form.validate_on_submit():
        name = form.name.data.strip()
        clash = session.exec(select(Campaign).where(Campaign.name == name, Campaign.id != campaign.id)).first()
        if clash:
            form.name.errors.append(f"A campaign named {name!r} already exists.")
        else:
            campaign.name = name
            for key, value in campaign_fields(form).items():
                setattr(campaign, key, value)
            session.add(campaign)
            set_members(session, campaign, form.member_ids.data or [])
            audit.record(session, current_user, "edited", "campaign", campaign.id)
            session.commit()
            flash("Campaign saved.", "success")
            return redirect(url_for("campaigns.board", campaign_id=campaign.id))
    status = 400 if form.errors else 200
    return render_template("campaigns/form.html", form=form, campaign=campaign), status


@bp.route("/<int:campaign_id>/")
def board(campaign_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stages = campaign_stages(session, campaign.id)
    columns = campaign_board(session, campaign.id)
    # ?expand=<stage id> shows a whole column: the no-JavaScript "show all" link.
    expand = request.args.get("expand", type=int)
    if expand is not None and any(stage.id == expand for stage in stages):
        columns[expand] = campaign_board(session, campaign.id, limit=None, stage_id=expand)[expand]
    return render_template(
        "campaigns/board.html",
        campaign=campaign,
        stages=stages,
        columns=columns,
        counts=stage_counts(session, campaign.id),
        today=date.today(),
        niche=session.get(Niche, campaign.niche_id) if campaign.niche_id else None,
    )


@bp.route("/<int:campaign_id>/columns/<int:stage_id>")
def board_column(campaign_id: int, stage_id: int):
    """One whole column of the board, for the "show all" button."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stage = get_stage_or_404(session, stage_id, campaign.id)
    cards = campaign_board(session, campaign.id, limit=None, stage_id=stage.id).get(stage.id, [])
    return render_template(
        "campaigns/_column.html", campaign=campaign, stage=stage, cards=cards, count=len(cards),
        today=date.today(),
    )


@bp.route("/<int:campaign_id>/entries/<int:entry_id>/move", methods=["POST"])
def move(campaign_id: int, entry_id: int):
    """Move a card: from the board's drag and drop (JSON answer) or its no-JS form."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    entry = get_entry_or_404(session, entry_id, current_user)
    wants_json = request.accept_mimetypes.best == "application/json"
    form = MoveForm()
    form.stage_id.choices = options((stage.id, stage.name) for stage in campaign_stages(session, campaign.id))
    if entry.campaign_id != campaign.id or not form.validate_on_submit() or not form.version.data.isdigit():
        return answer_move(wants_json, campaign.id, "Choose a stage of this campaign.", 400)
    to_stage = get_stage_or_404(session, form.stage_id.data, campaign.id)
    try:
        change = move_entry(session, current_user, entry, to_stage, int(form.version.data))
        commit_entry_change(session)
    except StaleEntryError as error:
        return answer_move(wants_json, campaign.id, str(error), 409)
    except PipelineError as error:
        return answer_move(wants_json, campaign.id, str(error), 400)
    message = f"Moved to {to_stage.name}." if change else f"Already in {to_stage.name}."
    if wants_json:
        return jsonify(ok=True, message=message, version=entry.version, stage_id=entry.stage_id)
    flash(message, "success")
    return redirect(url_for("campaigns.board", campaign_id=campaign.id))


def answer_move(wants_json: bool, campaign_id: int, message: str, status: int):
    if wants_json:
        return jsonify(ok=False, message=message), status
    flash(message, "error")
    return redirect(url_for("campaigns.board", campaign_id=campaign_id))


@bp.route("/<int:campaign_id>/stages", methods=["GET", "POST"])
@require(can_manage)
def stages(campaign_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    add_form = StageAddForm(prefix="add")
    if add_form.validate_on_submit():
        name = add_form.name.data.strip()
        existing = campaign_stages(session, campaign.id)
        if any(stage.name.lower() == name.lower() for stage in existing):
            add_form.name.errors.append(f"There is already a stage named {name!r}.")
        else:
            stage = Stage(campaign_id=campaign.id, name=name, position=len(existing))
            session.add(stage)
            session.flush()
            audit.record(session, current_user, "added_stage", "stage", stage.id, name=name,
                         campaign_id=campaign.id)
            session.commit()
            flash(f"Stage {name!r} added.", "success")
            return redirect(url_for("campaigns.stages", campaign_id=campaign.id))
    return render_stages(session, campaign, add_form, status=400 if add_form.errors else 200)


def render_stages(session, campaign, add_form, status=200, errors=None):
    stage_list = campaign_stages(session, campaign.id)
    remove_forms = {}
    for stage in stage_list:
        remove_form = StageRemoveForm(prefix=f"remove-{stage.id}")
        remove_form.move_to.choices = options([(0, "(no cards to move)")] + [
            (other.id, other.name) for other in stage_list if other.id != stage.id
        ])
        remove_forms[stage.id] = remove_form
    return render_template(
        "campaigns/stages.html", campaign=campaign, stages=stage_list, add_form=add_form,
        remove_forms=remove_forms, errors=errors or {},
    ), status


@bp.route("/<int:campaign_id>/stages/<int:stage_id>/rename", methods=["POST"])
@require(can_manage)
def rename_stage(campaign_id: int, stage_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stage = get_stage_or_404(session, stage_id, campaign.id)
    form = StageEditForm()
    name = (form.name.data or "").strip()
    others = [s for s in campaign_stages(session, campaign.id) if s.id != stage.id]
    if not form.validate_on_submit() or not name:
        flash("A stage needs a name.", "error")
    elif any(other.name.lower() == name.lower() for other in others):
        flash(f"There is already a stage named {name!r}.", "error")
    else:
        audit.record(session, current_user, "renamed_stage", "stage", stage.id, old=stage.name, new=name)
        stage.name = name
        session.add(stage)
        session.commit()
        flash(f"Stage renamed to {name!r}.", "success")
    return redirect(url_for("campaigns.stages", campaign_id=campaign.id))


@bp.route("/<int:campaign_id>/stages/<int:stage_id>/move/<direction>", methods=["POST"])
@require(can_manage)
def reorder_stage(campaign_id: int, stage_id: int, direction: str):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stage = get_stage_or_404(session, stage_id, campaign.id)
    ordered = campaign_stages(session, campaign.id)
    index = ordered.index(stage)
    target = index - 1 if direction == "up" else index + 1 if direction == "down" else None
    if target is None:
        return redirect(url_for("campaigns.stages", campaign_id=campaign.id)), 400
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, each in enumerate(ordered):
            each.position = position
            session.add(each)
        audit.record(session, current_user, "reordered_stages", "campaign", campaign.id,
                     order=[each.name for each in ordered])
        session.commit()
    return redirect(url_for("campaigns.stages", campaign_id=campaign.id))


@bp.route("/<int:campaign_id>/stages/<int:stage_id>/remove", methods=["POST"])
@require(can_manage)
def delete_stage(campaign_id: int, stage_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stage = get_stage_or_404(session, stage_id, campaign.id)
    form = StageRemoveForm(prefix=f"remove-{stage.id}")
    form.move_to.choices = options([(0, "")] + [(s.id, s.name) for s in campaign_stages(session, campaign.id)])
    form.validate_on_submit()
    move_to = None
    if form.move_to.data:
        move_to = get_stage_or_404(session, form.move_to.data, campaign.id)
    name = stage.name
    try:
        remove_stage(session, current_user, stage, move_to)
        session.commit()
    except PipelineError as error:
        session.rollback()
        flash(str(error), "error")
    else:
        flash(f"Stage {name!r} removed." + (f" Its cards moved to {move_to.name!r}." if move_to else ""),
              "success")
    return redirect(url_for("campaigns.stages", campaign_id=campaign.id))


@bp.route("/<int:campaign_id>/pipeline.csv")
def export_pipeline(campaign_id: int):
    """The campaign's pipeline as CSV (?stage=<kind> for one stage, e.g. the shortlist)."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stage_kind = request.args.get("stage") or None
    filename = f"campaign-{campaign.id}-{stage_kind or 'pipeline'}.csv"
    return csv_response(filename, PIPELINE_HEADER, pipeline_rows(session, campaign.id, stage_kind))


@bp.route("/<int:campaign_id>/shortlist.opml")
def export_shortlist_opml(campaign_id: int):
    """The campaign's bloggers (or one stage's, ?stage=<kind>) as OPML, for a feed reader."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stage_kind = request.args.get("stage") or None
    rows = list(pipeline_rows(session, campaign.id, stage_kind))
    blogs = [{"title": row[2] or row[1], "feed_url": row[4], "homepage_url": row[3], "tags": [row[5]]}
             for row in rows if row[4]]
    body = export_opml(blogs, title=f"{campaign.name}: {stage_kind or 'all stages'}")
    return Response(body, mimetype="text/x-opml",
                    headers={"Content-Disposition": f'attachment; filename="campaign-{campaign.id}.opml"'})
