"""Bulk actions from the board, the directory and a ranking: each done through the core's
bulk module, then a page that says what was done and why each refused item was not."""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core import audit
from outreach.core.access import can_work_campaign
from outreach.core.alerts import send_alert_emails
from outreach.core.bulk import BULK_LIMIT, BulkAction, BulkRefused, BulkResult, Refusal, bulk_blogs, bulk_entries
from outreach.core.campaign_files import files_of, megabytes
from outreach.core.db import row_or_none
from outreach.core.errors import Refused
from outreach.core.exports import directory_table, pipeline_table
from outreach.core.mail.approval import ask_approvers
from outreach.core.mail.bulk_pitching import email_cards
from outreach.core.mail.mailboxes import connected_mailboxes
from outreach.core.mail.pitching import needs_approval
from outreach.core.models import Blog, Blogger, Campaign, PitchTemplate
from outreach.core.niches import niche_spec
from outreach.web.bulk import bp
from outreach.web.bulk.forms import BulkForm, checked_blogs, checked_entries
from outreach.web.campaigns.queries import get_campaign_or_404, get_stage_or_404
from outreach.web.db import get_session
from outreach.web.downloads import csv_response
from outreach.web.niches.queries import get_niche_or_404
from outreach.web.search import current_index
from scoring import IndexMissing, scores_by_blog


@bp.route("/campaigns/<int:campaign_id>/bulk", methods=["POST"])
def board(campaign_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    back = url_for("campaigns.board", campaign_id=campaign.id) + query_of_referrer()
    form = BulkForm()
    versions = checked_entries(request.form.getlist("entry"))
    if not form.validate_on_submit() or versions is None:
        return refused_page(back, "Choose an action and check the cards it applies to.")
    if form.action.data == "export":
        return export_entries(session, campaign, list(versions), back)
    if form.action.data == "email":
        return email_cards_page(session, campaign, list(versions), form, back)
    try:
        action = read_action(session, form, campaign.id)
        result = bulk_entries(session, current_user, campaign, versions, action)
    except Refused as error:
        session.rollback()
        return refused_page(back, str(error))
    session.commit()
    return render_template("bulk/result.html", result=result, back=back, back_label=f"Back to {campaign.name}")


@bp.route("/campaigns/<int:campaign_id>/bulk/email", methods=["POST"])
def email(campaign_id: int):
    """Queue the previewed emails: each goes through the guards again, as they may have changed."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    back = url_for("campaigns.board", campaign_id=campaign.id)
    form = BulkForm()
    entry_ids = checked_blogs(request.form.getlist("entry"))  # plain ids, as the preview lists them
    if not form.validate_on_submit() or entry_ids is None:
        return refused_page(back, "Send at is not a date and time: go back and pick one, or leave it empty."
                            if form.send_at.errors else "Preview the emails again from the board.")
    return email_cards_page(session, campaign, entry_ids, form, back, queue=True)


def email_cards_page(session, campaign: Campaign, entry_ids: list[int], form: BulkForm, back: str,
                     queue: bool = False):
    """The preview of one template to the checked cards (what each would say, or why it cannot go),
    or, with `queue`, the same queued and the page that says what went."""
    template = row_or_none(session, PitchTemplate, form.template_id.data)
    if template is None:
        return refused_page(back, "Choose the template to email.")
    mailboxes = connected_mailboxes(session, current_user)
    if not mailboxes:
        return refused_page(back, "Connect a mailbox under Mail first: the emails go out from it.")
    # The one chosen on the preview, else the person's own (first), else the team's.
    mailbox = next((box for box in mailboxes if box.id == form.mailbox_id.data), mailboxes[0])
    files = files_of(session, campaign.id)
    file_ids = checked_blogs(request.form.getlist("attach"))  # plain ids, as the preview lists them
    if file_ids is None or not set(file_ids) <= {file.id for file in files}:
        return refused_page(back, "A file to attach is no longer in the campaign: preview the emails again.")
    try:
        planned = email_cards(session, current_user, campaign, entry_ids, template, mailbox,
                              current_app.config["PITCH_GUARD_DAYS"], queue=queue,
                              send_at=form.send_at.data, file_ids=file_ids)
    except Refused as error:
        session.rollback()
        return refused_page(back, str(error))
    if not queue:
        session.rollback()
        return render_template("bulk/email.html", campaign=campaign, template=template, planned=planned,
                               mailboxes=mailboxes, mailbox=mailbox, back=back, files=files, megabytes=megabytes,
                               ready=sum(1 for plan in planned if not plan.problem))
    queued = sum(1 for plan in planned if not plan.problem)
    emails = ask_approvers(session, current_app.config, current_user, campaign.id,
                           queued if needs_approval(current_user, campaign) else 0)
    session.commit()
    send_alert_emails(current_app.config, emails)
    result = BulkResult("email", done=[plan.entry_id for plan in planned if not plan.problem],
                        refused=[Refusal(plan.entry_id, f"{plan.name}: {plan.problem}") for plan in planned
                                 if plan.problem])
    return render_template("bulk/result.html", result=result, back=back, back_label=f"Back to {campaign.name}")


@bp.route("/blogs/bulk", methods=["POST"])
def directory():
    return blogs_action(url_for("bloggers.directory") + query_of_referrer(), "Back to the blogs", scores={})


@bp.route("/niches/<int:niche_id>/bulk", methods=["POST"])
def ranking(niche_id: int):
    session = get_session()
    niche = get_niche_or_404(session, niche_id)
    try:
        scores = scores_by_blog(current_index(), niche_spec(session, niche))
    except IndexMissing:
        scores = {}
    return blogs_action(url_for("niches.ranking", niche_id=niche.id) + query_of_referrer(), f"Back to {niche.name}",
                        scores=scores)


def blogs_action(back: str, back_label: str, scores: dict[int, float]):
    """The directory's and a ranking's bulk action on the checked blogs."""
    session = get_session()
    form = BulkForm()
    blog_ids = checked_blogs(request.form.getlist("blog_id"))
    if not form.validate_on_submit() or blog_ids is None:
        return refused_page(back, "Choose an action and check the blogs it applies to.")
    if form.action.data == "export":
        return export_blogs(session, blog_ids, back)
    try:
        action = read_action(session, form, None, scores)
        result = bulk_blogs(session, current_user, blog_ids, action)
    except Refused as error:
        session.rollback()
        return refused_page(back, str(error))
    session.commit()
    return render_template("bulk/result.html", result=result, back=back, back_label=back_label)


def read_action(session, form: BulkForm, campaign_id: int | None, scores: dict | None = None) -> BulkAction:
    """The action the button asked for, with the parameter it needs looked up."""
    kind = form.action.data
    stage = campaign = None
    if kind == "move":
        if not form.stage_id.data:
            raise BulkRefused("Choose the stage to move the cards to.")
        stage = get_stage_or_404(session, form.stage_id.data, campaign_id)
    if kind == "add_to_campaign":
        campaign = session.get(Campaign, form.campaign_id.data) if form.campaign_id.data else None
        if campaign is not None and not can_work_campaign(session, current_user, campaign.id):
            abort(403)
    return BulkAction(kind, stage=stage, owner_id=form.owner_id.data or None, follow_up_on=form.follow_up_on.data,
                      campaign=campaign, reason=form.reason.data or "", scores=scores or {})


def export_entries(session, campaign: Campaign, entry_ids: list[int], back: str):
    if not 0 < len(entry_ids) <= BULK_LIMIT:
        return refused_page(back, f"Check between 1 and {BULK_LIMIT} cards to export.")
    audit.record(session, current_user, "exported", "campaign", campaign.id, entries=len(entry_ids))
    session.commit()
    return csv_response(f"campaign-{campaign.id}-selected.csv", *pipeline_table(session, campaign.id, entry_ids=entry_ids))


def export_blogs(session, blog_ids: list[int], back: str):
    if not 0 < len(blog_ids) <= BULK_LIMIT:
        return refused_page(back, f"Check between 1 and {BULK_LIMIT} blogs to export.")
    audit.record(session, current_user, "exported", "blog", None, blogs=len(blog_ids))
    session.commit()
    statement = (select(Blog, Blogger).join(Blogger, Blogger.id == Blog.blogger_id, isouter=True)
                 .where(Blog.id.in_(blog_ids)).order_by(Blog.title, Blog.id))
    return csv_response("blogs-selected.csv", *directory_table(session, statement))


def refused_page(back: str, message: str):
    return render_template("bulk/result.html", result=None, error=message, back=back, back_label="Go back"), 400


def query_of_referrer() -> str:
    """The query of the page the person came from (its search or filters), so "back" keeps them."""
    referrer = request.referrer or ""
    _, _, query = referrer.partition("?")
    return f"?{query}" if query and referrer.startswith(request.host_url) else ""
