"""Campaign settings: create a campaign, change its name, brand, niche, terms and members."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core.access import can_manage
from outreach.core.campaign_copies import copy_campaign
from outreach.core.campaigns import campaign_member_ids, create_campaign, set_members, update_campaign
from outreach.core.coverage_links import site_hosts
from outreach.core.errors import Refused
from outreach.core.models import Niche, User
from outreach.core.stages import PipelineError
from outreach.core.terms import split_terms
from outreach.web.access import require
from outreach.web.campaigns import bp
from outreach.web.campaigns.forms import CampaignForm, CopyCampaignForm
from outreach.web.campaigns.queries import get_campaign_or_404
from outreach.web.db import get_session
from outreach.web.forms import options


def fill_choices(form: CampaignForm) -> None:
    session = get_session()
    form.niche_id.choices = options([(0, "(none)")] + [
        (niche.id, niche.name) for niche in session.exec(select(Niche).order_by(Niche.name))
    ])
    form.member_ids.choices = options(
        (user.id, f"{user.name} ({user.email}, {user.role})" if user.name else f"{user.email} ({user.role})")
        for user in session.exec(select(User).where(User.is_active).order_by(User.name, User.email))
    )


def campaign_fields(form: CampaignForm) -> dict:
    return {
        "brand": (form.brand.data or "").strip(),
        "description": form.description.data or "",
        "niche_id": form.niche_id.data or None,
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "brand_terms": split_terms(form.brand_terms.data),
        "brand_sites": site_hosts(split_terms(form.brand_sites.data)),
        "avoid_terms": split_terms(form.avoid_terms.data),
        "coverage_stage_kind": form.coverage_stage_kind.data or "",
        "coverage_goal": form.coverage_goal.data,
        "budget": form.budget.data,
        "budget_currency": (form.budget_currency.data or "").strip().upper(),
        "pitches_need_approval": bool(form.pitches_need_approval.data),
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


@bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
@require(can_manage)
def edit(campaign_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    form = CampaignForm(obj=campaign)
    fill_choices(form)
    if request.method == "GET":
        form.brand_terms.data = ", ".join(campaign.brand_terms)
        form.brand_sites.data = ", ".join(campaign.brand_sites)
        form.avoid_terms.data = ", ".join(campaign.avoid_terms)
        form.niche_id.data = campaign.niche_id or 0
        form.member_ids.data = campaign_member_ids(session, campaign.id)
    if form.validate_on_submit():
        try:
            update_campaign(session, current_user, campaign, form.name.data, **campaign_fields(form))
        except PipelineError as error:
            form.name.errors.append(str(error))
        else:
            set_members(session, campaign, form.member_ids.data or [])
            session.commit()
            flash("Campaign saved.", "success")
            return redirect(url_for("campaigns.board", campaign_id=campaign.id))
    status = 400 if form.errors else 200
    return render_template("campaigns/form.html", form=form, campaign=campaign), status


@bp.route("/<int:campaign_id>/copy", methods=["GET", "POST"])
@require(can_manage)
def copy(campaign_id: int):
    """A new campaign from this one: settings, stages, members and sequence, and bloggers if asked."""
    session = get_session()
    source = get_campaign_or_404(session, campaign_id, current_user)
    form = CopyCampaignForm(data={"name": f"{source.name} (copy)"} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            made = copy_campaign(session, current_user, source, form.name.data, form.bloggers.data)
        except Refused as error:
            session.rollback()
            form.name.errors.append(str(error))
        else:
            session.commit()
            skipped = f" Not brought: {'; '.join(made.skipped)}." if made.skipped else ""
            flash(f"Campaign {made.campaign.name!r} made from {source.name!r}, with {made.shortlisted} "
                  f"blogger{'s' if made.shortlisted != 1 else ''} shortlisted.{skipped}", "success")
            return redirect(url_for("campaigns.board", campaign_id=made.campaign.id))
    status = 400 if form.errors else 200
    return render_template("campaigns/copy.html", form=form, source=source), status
