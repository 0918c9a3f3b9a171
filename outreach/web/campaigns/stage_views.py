"""A campaign's stages: add, rename, reorder and remove columns of its board."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from outreach.core import campaigns
from outreach.core.access import can_manage
from outreach.core.stages import PipelineError, campaign_stages
from outreach.web.access import require
from outreach.web.campaigns import bp
from outreach.web.campaigns.forms import StageAddForm, StageEditForm, StageRemoveForm
from outreach.web.campaigns.queries import get_campaign_or_404, get_stage_or_404, stage_counts
from outreach.web.db import get_session
from outreach.web.forms import options

STEPS = {"up": -1, "down": 1}


@bp.route("/<int:campaign_id>/stages", methods=["GET", "POST"])
@require(can_manage)
def stages(campaign_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    add_form = StageAddForm(prefix="add")
    if add_form.validate_on_submit():
        try:
            stage = campaigns.add_stage(session, current_user, campaign, add_form.name.data)
        except PipelineError as error:
            add_form.name.errors.append(str(error))
        else:
            session.commit()
            flash(f"Stage {stage.name!r} added.", "success")
            return redirect(url_for("campaigns.stages", campaign_id=campaign.id))
    return render_stages(session, campaign, add_form, status=400 if add_form.errors else 200)


def render_stages(session, campaign, add_form, status=200):
    stage_list = campaign_stages(session, campaign.id)
    counts = stage_counts(session, campaign.id)
    remove_forms = {}
    for stage in stage_list:
        remove_form = StageRemoveForm(prefix=f"remove-{stage.id}")
        cards = counts.get(stage.id, 0)
        first = (f"(choose where its {cards} card{'s' if cards != 1 else ''} go)" if cards
                 else "(no cards to move)")
        remove_form.move_to.choices = options([(0, first)] + [
            (other.id, other.name) for other in stage_list if other.id != stage.id
        ])
        remove_forms[stage.id] = remove_form
    return render_template(
        "campaigns/stages.html", campaign=campaign, stages=stage_list, add_form=add_form,
        remove_forms=remove_forms, counts=counts, errors={},
    ), status


@bp.route("/<int:campaign_id>/stages/<int:stage_id>/rename", methods=["POST"])
@require(can_manage)
def rename_stage(campaign_id: int, stage_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stage = get_stage_or_404(session, stage_id, campaign.id)
    form = StageEditForm()
    try:
        if not form.validate_on_submit():
            raise PipelineError("A stage needs a name.")
        campaigns.rename_stage(session, current_user, stage, form.name.data)
    except PipelineError as error:
        flash(str(error), "error")
    else:
        session.commit()
        flash(f"Stage renamed to {stage.name!r}.", "success")
    return redirect(url_for("campaigns.stages", campaign_id=campaign.id))


@bp.route("/<int:campaign_id>/stages/<int:stage_id>/move/<direction>", methods=["POST"])
@require(can_manage)
def reorder_stage(campaign_id: int, stage_id: int, direction: str):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    stage = get_stage_or_404(session, stage_id, campaign.id)
    if direction not in STEPS:
        return redirect(url_for("campaigns.stages", campaign_id=campaign.id)), 400
    campaigns.reorder_stage(session, current_user, stage, STEPS[direction])
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
        campaigns.remove_stage(session, current_user, stage, move_to)
        session.commit()
    except PipelineError as error:
        session.rollback()
        flash(str(error), "error")
    else:
        flash(f"Stage {name!r} removed." + (f" Its cards moved to {move_to.name!r}." if move_to else ""),
              "success")
    return redirect(url_for("campaigns.stages", campaign_id=campaign.id))
