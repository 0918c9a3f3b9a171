"""Campaign pages: the list, the board and moving its cards, and the exports."""

from __future__ import annotations

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core.access import visible_campaigns
from outreach.core.blog_lists import export_opml
from outreach.core.campaigns import coverage_won
from outreach.core.exports import PIPELINE_HEADER, pipeline_rows, pipeline_table
from outreach.core.models import Campaign, Niche, PitchTemplate
from outreach.core.pipeline import move_card
from outreach.core.stages import PipelineError, StaleEntryError, campaign_stages, commit_entry_change
from outreach.web.campaigns import bp
from outreach.web.campaigns.board_filters import read_board_filters
from outreach.web.campaigns.forms import (
    MoveForm,
)
from outreach.web.campaigns.queries import (
    board_version,
    campaign_board,
    campaign_members,
    campaign_summaries,
    get_campaign_or_404,
    get_entry_or_404,
    get_stage_or_404,
    stage_counts,
)
from outreach.web.db import get_session
from outreach.web.downloads import csv_response
from outreach.web.forms import options
from outreach.web.viewer_time import viewer_today


@bp.route("/")
def index():
    session = get_session()
    every = session.exec(visible_campaigns(current_user)).all()
    # Archived campaigns are put away: listed only when asked for.
    show_archived = request.args.get("archived") == "1"
    campaigns = [campaign for campaign in every if show_archived or not campaign.is_archived]
    return render_template("campaigns/index.html", campaigns=campaigns, show_archived=show_archived,
                           archived_count=sum(campaign.is_archived for campaign in every),
                           summaries=campaign_summaries(session, campaigns))


@bp.route("/<int:campaign_id>/")
def board(campaign_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stages = campaign_stages(session, campaign.id)
    members = campaign_members(session, campaign.id)
    filter_form, filters, filter_args = read_board_filters(request.args, members, current_user.id)
    columns = campaign_board(session, campaign.id, filters=filters)
    # ?expand=<stage id> shows a whole column: the no-JavaScript "show all" link.
    expand = request.args.get("expand", type=int)
    if expand is not None and any(stage.id == expand for stage in stages):
        columns[expand] = campaign_board(session, campaign.id, limit=None, stage_id=expand, filters=filters)[expand]
    return render_template(
        "campaigns/board.html",
        campaign=campaign,
        stages=stages,
        columns=columns,
        counts=stage_counts(session, campaign.id, filters),
        today=viewer_today(),
        niche=session.get(Niche, campaign.niche_id) if campaign.niche_id else None,
        filter_form=filter_form,
        filter_args=filter_args,
        board_version=board_version(session, campaign.id),
        filtered=filters.active,
        members=members,
        other_campaigns=session.exec(visible_campaigns(current_user).where(
            Campaign.id != campaign.id, Campaign.is_archived.is_(False))).all(),
        templates=session.exec(select(PitchTemplate).order_by(PitchTemplate.name)).all(),
        goal_won=coverage_won(session, campaign.id) if campaign.coverage_goal else 0,
    )


@bp.route("/<int:campaign_id>/columns/<int:stage_id>")
def board_column(campaign_id: int, stage_id: int):
    """One whole column of the board, for the "show all" button."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stage = get_stage_or_404(session, stage_id, campaign.id)
    _, filters, filter_args = read_board_filters(request.args, campaign_members(session, campaign.id),
                                                 current_user.id)
    cards = campaign_board(session, campaign.id, limit=None, stage_id=stage.id, filters=filters).get(stage.id, [])
    return render_template(
        "campaigns/_column.html", campaign=campaign, stage=stage, cards=cards, count=len(cards),
        today=viewer_today(), filter_args=filter_args,
    )


@bp.route("/<int:campaign_id>/board/version")
def board_state(campaign_id: int):
    """The live board's poll: the board's version as JSON and ETag; 304 while it is unchanged."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    version = board_version(session, campaign.id)
    response = jsonify(version=version)
    response.set_etag(version)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


@bp.route("/<int:campaign_id>/board/columns")
def board_columns(campaign_id: int):
    """Every column of the board as HTML, with the filters and the columns shown whole
    (?expand=<stage id>, repeated): what the live board swaps in when the version moves."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stages = campaign_stages(session, campaign.id)
    _, filters, filter_args = read_board_filters(request.args, campaign_members(session, campaign.id),
                                                 current_user.id)
    columns = campaign_board(session, campaign.id, filters=filters)
    for stage_id in set(request.args.getlist("expand", type=int)) & {stage.id for stage in stages}:
        columns[stage_id] = campaign_board(session, campaign.id, limit=None, stage_id=stage_id, filters=filters)[stage_id]
    response = render_template("campaigns/_columns.html", campaign=campaign, stages=stages, columns=columns,
                               counts=stage_counts(session, campaign.id, filters), today=viewer_today(),
                               filter_args=filter_args)
    return response, 200, {"X-Board-Version": board_version(session, campaign.id)}


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
        change, reply = move_card(session, current_user, entry, to_stage, int(form.version.data))
        commit_entry_change(session)
    except StaleEntryError as error:
        return answer_move(wants_json, campaign.id, str(error), 409)
    except PipelineError as error:
        return answer_move(wants_json, campaign.id, str(error), 400)
    message = f"Moved to {to_stage.name}." if change else f"Already in {to_stage.name}."
    if reply is not None:
        message += " A reply was logged on its timeline."
    if wants_json:
        return jsonify(ok=True, message=message, version=entry.version, stage_id=entry.stage_id)
    flash(message, "success")
    return redirect(url_for("campaigns.board", campaign_id=campaign.id))


def answer_move(wants_json: bool, campaign_id: int, message: str, status: int):
    if wants_json:
        return jsonify(ok=False, message=message), status
    flash(message, "error")
    return redirect(url_for("campaigns.board", campaign_id=campaign_id))


@bp.route("/<int:campaign_id>/pipeline.csv")
def export_pipeline(campaign_id: int):
    """The campaign's pipeline as CSV (?stage=<kind> for one stage, e.g. the shortlist)."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stage_kind = request.args.get("stage") or None
    filename = f"campaign-{campaign.id}-{stage_kind or 'pipeline'}.csv"
    return csv_response(filename, *pipeline_table(session, campaign.id, stage_kind))


@bp.route("/<int:campaign_id>/shortlist.opml")
def export_shortlist_opml(campaign_id: int):
    """The campaign's bloggers (or one stage's, ?stage=<kind>) as OPML, for a feed reader."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stage_kind = request.args.get("stage") or None
    rows = [dict(zip(PIPELINE_HEADER, row)) for row, _ in pipeline_rows(session, campaign.id, stage_kind)]
    blogs = [{"title": row["blog"] or row["blogger"], "feed_url": row["feed_url"], "homepage_url": row["homepage"],
              "tags": [row["stage"]]} for row in rows if row["feed_url"]]
    body = export_opml(blogs, title=f"{campaign.name}: {stage_kind or 'all stages'}")
    return Response(body, mimetype="text/x-opml",
                    headers={"Content-Disposition": f'attachment; filename="campaign-{campaign.id}.opml"'})
