"""Campaign pages: the list, the board and moving its cards, and the exports."""

from __future__ import annotations

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from outreach.core.access import visible_campaigns
from outreach.core.blog_lists import export_opml
from outreach.core.exports import PIPELINE_HEADER, pipeline_rows
from outreach.core.models import Niche, utc_today
from outreach.core.pipeline import move_card
from outreach.core.stages import PipelineError, StaleEntryError, campaign_stages, commit_entry_change
from outreach.web.campaigns import bp
from outreach.web.campaigns.forms import (
    MoveForm,
)
from outreach.web.campaigns.queries import (
    campaign_board,
    get_campaign_or_404,
    get_entry_or_404,
    get_stage_or_404,
    stage_counts,
)
from outreach.web.db import get_session
from outreach.web.downloads import csv_response
from outreach.web.forms import options


@bp.route("/")
def index():
    session = get_session()
    campaigns = session.exec(visible_campaigns(current_user)).all()
    return render_template("campaigns/index.html", campaigns=campaigns)


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
        today=utc_today(),
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
        today=utc_today(),
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
