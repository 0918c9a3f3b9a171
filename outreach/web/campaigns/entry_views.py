"""An entry's page: one blogger in one campaign, with its pitch log, samples, fees and notes."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core.coverage import decide_coverage, record_coverage, update_measures
from outreach.core.coverage_links import check_again
from outreach.core.db import row_or_none
from outreach.core.deliverables import (
    cancel_deliverable,
    is_late,
    mark_published,
    move_deliverable,
    record_deliverable,
    unclaimed_coverage,
)
from outreach.core.disclosure import disclosure_owed
from outreach.core.fees import campaign_spending, change_fee, fee_totals, is_overdue, record_fee, set_fee_status
from outreach.core.models import (
    Blogger,
    CampaignMember,
    ContactDetail,
    Coverage,
    Deliverable,
    Fee,
    FeeBase,
    PipelineEntry,
    PitchTemplate,
    Sample,
    SampleBase,
    Stage,
    User,
    limits_of,
)
from outreach.core.pipeline import (
    add_note,
    log_pitch,
    log_reply,
    pitch_warnings,
    set_follow_up,
)
from outreach.core.pitch_templates import fill, merge_values, placeholders
from outreach.core.samples import last_shipping_address, record_sample, set_sample_status
from outreach.core.stages import PipelineError, campaign_stages, commit_entry_change
from outreach.core.vetting import vet_blogger
from outreach.web.campaigns import bp
from outreach.web.campaigns.forms import (
    CoverageForm,
    CoverageMeasuresForm,
    DeliverableForm,
    FeeForm,
    FollowUpForm,
    MoveForm,
    NoteForm,
    PitchForm,
    ReplyForm,
    SampleForm,
)
from outreach.web.campaigns.queries import (
    blogger_labels,
    entry_timeline,
    get_campaign_or_404,
    get_coverage_or_404,
    get_deliverable_or_404,
    get_entry_or_404,
    get_fee_or_404,
    get_sample_or_404,
)
from outreach.web.db import get_session
from outreach.web.forms import options
from outreach.web.search import best_post
from outreach.web.viewer_time import viewer_today

FORMS = {
    "pitch": PitchForm,
    "reply": ReplyForm,
    "sample": SampleForm,
    "fee": FeeForm,
    "coverage": CoverageForm,
    "deliverable": DeliverableForm,
    "note": NoteForm,
    "follow_up": FollowUpForm,
}


def entry_context(session, entry, forms=None):
    campaign = get_campaign_or_404(session, entry.campaign_id, current_user)
    blogger = session.get(Blogger, entry.blogger_id)
    forms = forms or {}
    all_forms = {name: forms.get(name) or form_class(prefix=name) for name, form_class in FORMS.items()}
    members = session.exec(
        select(User).join(CampaignMember, CampaignMember.user_id == User.id)
        .where(CampaignMember.campaign_id == campaign.id).order_by(User.email)
    ).all()
    set_template_choices(session, all_forms["pitch"])
    follow_up = all_forms["follow_up"]
    follow_up.owner_id.choices = options([(0, "(nobody)")] + [(user.id, user.display_name) for user in members])
    if "follow_up" not in forms:
        follow_up.next_follow_up_on.data = entry.next_follow_up_on
        follow_up.owner_id.data = entry.owner_id or 0
    if "fee" not in forms and campaign.budget_currency:
        all_forms["fee"].currency.data = campaign.budget_currency
    last_address = last_shipping_address(session, current_user, blogger.id) if "sample" not in forms else None
    if last_address:
        all_forms["sample"].shipping_address.data = last_address[0]
    coverage = session.exec(select(Coverage).where(Coverage.entry_id == entry.id).order_by(Coverage.found_at.desc())).all()
    move_form = MoveForm()
    move_form.stage_id.choices = options((stage.id, stage.name) for stage in campaign_stages(session, campaign.id))
    move_form.stage_id.data = entry.stage_id
    move_form.version.data = str(entry.version)
    vetting = vet_blogger(session, blogger.id, campaign.avoid_terms)
    return {
        "entry": entry,
        "campaign": campaign,
        "blogger": blogger,
        "label": blogger_labels(session, [blogger.id])[blogger.id],
        "stage": session.get(Stage, entry.stage_id),
        "forms": all_forms,
        "move_form": move_form,
        "warnings": pitch_warnings(session, blogger, campaign.id, current_app.config["PITCH_GUARD_DAYS"],
                                   entry_id=entry.id, vetting=vetting),
        "vetting": vetting,
        "contacts": session.exec(select(ContactDetail).where(ContactDetail.blogger_id == blogger.id)
                                 .order_by(ContactDetail.kind != "email", ContactDetail.id)).all(),
        "samples": session.exec(select(Sample).where(Sample.entry_id == entry.id).order_by(Sample.id)).all(),
        **fee_context(session, entry, campaign),
        "coverage": coverage,
        "timeline": entry_timeline(session, [entry.id]),
        "disclosure_owed": bool(disclosure_owed(session, [entry.id])),
        **deliverable_context(session, entry, coverage),
        "last_address_from": last_address[1] if last_address else "",
        "template_fills": template_fills(session, entry),
    }


def deliverable_context(session, entry, coverage: list[Coverage]) -> dict:
    """The entry's deliverables, which are late, the posts (of the entry's `coverage`) that delivered
    them, and the confirmed posts that could deliver one."""
    deliverables = session.exec(select(Deliverable).where(Deliverable.entry_id == entry.id)
                                .order_by(Deliverable.status != "planned", Deliverable.due_on, Deliverable.id)).all()
    today = viewer_today()
    return {"deliverables": deliverables, "late_deliverable_ids": {item.id for item in deliverables if is_late(item, today)},
            "unclaimed_coverage": unclaimed_coverage(session, entry.id),
            "delivered_by": {post.id: post for post in coverage}}


def fee_context(session, entry, campaign) -> dict:
    """The entry's fees, which of them are overdue, their totals, and the campaign's budget left."""
    fees = session.exec(select(Fee).where(Fee.entry_id == entry.id).order_by(Fee.id)).all()
    today = viewer_today()
    spending = campaign_spending(session, campaign, today) if campaign.budget is not None else None
    return {"fees": fees, "fee_totals": fee_totals(fees, today), "fee_today": today, "spending": spending,
            "overdue_fee_ids": {fee.id for fee in fees if is_overdue(fee, today)}}


def set_template_choices(session, form) -> None:
    templates = session.exec(select(PitchTemplate).order_by(PitchTemplate.name)).all()
    form.template_id.choices = options([(0, "(none)")] + [(t.id, t.name) for t in templates])


def template_fills(session, entry) -> list[dict]:
    """Every template filled for this entry, for the page's script to put in the form as soon as
    one is chosen; the best post is looked up in the ranking only when a template asks for it."""
    templates = session.exec(select(PitchTemplate).order_by(PitchTemplate.name)).all()
    if not templates:
        return []
    wants_best = any("best_post" in f"{t.subject} {t.body}" for t in templates)
    values = merge_values(session, entry, current_user, best_post if wants_best else None)
    fills = []
    for template in templates:
        subject, body = fill(template.subject, values), fill(template.body, values)
        fills.append({"id": template.id, "subject": subject, "body": body,
                      "unfilled": ", ".join("{{ %s }}" % name for name in placeholders(f"{subject}\n{body}"))})
    return fills


def preview_pitch(session, entry, form):
    """Fill the chosen template (or the typed text) for this blogger, without saving."""
    set_template_choices(session, form)
    template = row_or_none(session, PitchTemplate, form.template_id.data)
    subject = template.subject if template else (form.subject.data or "")
    message = template.body if template else (form.message.data or "")
    values = merge_values(session, entry, current_user, best_post)
    form.subject.data, form.message.data = fill(subject, values), fill(message, values)
    unfilled = placeholders(f"{form.subject.data}\n{form.message.data}")
    context = entry_context(session, entry, forms={"pitch": form})
    return render_template("campaigns/entry.html", open_form="pitch", preview_unfilled=unfilled,
                           previewed=True, **context)


@bp.route("/entries/<int:entry_id>/")
def entry(entry_id: int):
    session = get_session()
    entry = get_entry_or_404(session, entry_id, current_user)
    return render_template("campaigns/entry.html", **entry_context(session, entry))


@bp.route("/entries/<int:entry_id>/<action>", methods=["POST"])
def entry_action(entry_id: int, action: str):
    """Handle one of the entry page's forms; a bad form is shown again with its input."""
    if action not in FORMS:
        abort(404)
    session = get_session()
    entry = get_entry_or_404(session, entry_id, current_user)
    form = FORMS[action](prefix=action)
    if action == "pitch":
        set_template_choices(session, form)
        if "preview" in request.form:
            return preview_pitch(session, entry, form)
    if action == "follow_up":
        form.owner_id.choices = options([(0, "")] + [
            (member.user_id, "") for member in session.exec(
                select(CampaignMember).where(CampaignMember.campaign_id == entry.campaign_id))
        ])
    if form.validate_on_submit():
        try:
            message = HANDLERS[action](session, entry, form)
            commit_entry_change(session)
        except PipelineError as error:
            session.rollback()
            flash(str(error), "error")
            session.refresh(entry)
        else:
            flash(message, "success")
            return redirect(url_for("campaigns.entry", entry_id=entry.id))
    else:
        flash("Check the highlighted fields.", "error")
    context = entry_context(session, entry, forms={action: form})
    return render_template("campaigns/entry.html", open_form=action, **context), 400


def save_pitch(session, entry, form) -> str:
    is_follow_up = form.kind.data == "follow_up"
    log_pitch(session, current_user, entry, channel=form.channel.data, subject=form.subject.data or "",
              message=form.message.data or "", follow_up_on=form.follow_up_on.data,
              is_follow_up=is_follow_up, template_id=form.template_id.data)
    return "Follow-up logged." if is_follow_up else "Pitch logged."


def save_reply(session, entry, form) -> str:
    log_reply(session, current_user, entry, channel=form.channel.data, summary=form.summary.data,
              sentiment=form.sentiment.data)
    return "Reply logged."


def save_sample(session, entry, form) -> str:
    sample = Sample()
    form.populate_obj(sample)
    record_sample(session, current_user, entry, sample, today=viewer_today())
    return "Sample recorded."


def save_fee(session, entry, form) -> str:
    fee = Fee(description=form.description.data, amount=form.amount.data, currency=form.currency.data,
              agreed_on=form.agreed_on.data, due_on=form.due_on.data,
              invoice_reference=form.invoice_reference.data or "")
    record_fee(session, current_user, entry, fee, today=viewer_today())
    return "Fee recorded."


def save_coverage(session, entry, form) -> str:
    coverage = record_coverage(session, current_user, entry, form.url.data, form.title.data or "")
    return f"Coverage recorded: {coverage.title or coverage.url}"


def save_deliverable(session, entry, form) -> str:
    record_deliverable(session, current_user, entry, form.description.data, form.due_on.data)
    return "Deliverable recorded."


def save_note(session, entry, form) -> str:
    add_note(session, current_user, entry.blogger_id, form.body.data, entry=entry, settings=current_app.config)
    return "Note added."


def save_follow_up(session, entry, form) -> str:
    set_follow_up(session, current_user, entry, next_follow_up_on=form.next_follow_up_on.data,
                  owner_id=form.owner_id.data or None)
    return "Follow-up date and owner saved."


HANDLERS = {
    "pitch": save_pitch,
    "reply": save_reply,
    "sample": save_sample,
    "fee": save_fee,
    "coverage": save_coverage,
    "deliverable": save_deliverable,
    "note": save_note,
    "follow_up": save_follow_up,
}


@bp.route("/samples/<int:sample_id>/status", methods=["POST"])
def sample_status(sample_id: int):
    """Mark a sample received or returned from the entry page."""
    session = get_session()
    sample = get_sample_or_404(session, sample_id, current_user)
    entry = session.get(PipelineEntry, sample.entry_id)
    status = request.form.get("status", "")
    tracking = {name: request.form.get(name, "") for name in ("tracking_number", "carrier")}
    try:
        for name, value in tracking.items():
            refuse_too_long(SampleBase, name, value)
        set_sample_status(session, current_user, sample, status, today=viewer_today(), **tracking)
    except PipelineError as error:
        flash(str(error), "error")
        return redirect(url_for("campaigns.entry", entry_id=entry.id))
    commit_entry_change(session)
    flash(f"Sample marked {status}.", "success")
    return redirect(url_for("campaigns.entry", entry_id=entry.id))


@bp.route("/fees/<int:fee_id>/edit", methods=["GET", "POST"])
def edit_fee(fee_id: int):
    """Correct an open fee: its description, amount, currency and days."""
    session = get_session()
    fee = get_fee_or_404(session, fee_id, current_user)
    form = FeeForm(obj=fee if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            change_fee(session, current_user, fee, description=form.description.data, amount=form.amount.data,
                       currency=form.currency.data, agreed_on=form.agreed_on.data or fee.agreed_on,
                       due_on=form.due_on.data, invoice_reference=form.invoice_reference.data or "",
                       today=viewer_today())
            commit_entry_change(session)
        except PipelineError as error:
            session.rollback()
            flash(str(error), "error")
        else:
            flash("Fee saved.", "success")
            return redirect(url_for("campaigns.entry", entry_id=fee.entry_id, _anchor="fees"))
    elif request.method == "POST":
        flash("Check the highlighted fields.", "error")
    status = 400 if request.method == "POST" else 200
    return render_template("campaigns/fee_form.html", form=form, fee=fee,
                           entry=session.get(PipelineEntry, fee.entry_id)), status


@bp.route("/fees/<int:fee_id>/status", methods=["POST"])
def fee_status(fee_id: int):
    """Mark a fee invoiced, paid or cancelled from the entry page."""
    session = get_session()
    fee = get_fee_or_404(session, fee_id, current_user)
    status = request.form.get("status", "")
    reference = request.form.get("invoice_reference", "")
    try:
        refuse_too_long(FeeBase, "invoice_reference", reference)
        on = parse_day(request.form.get("on", ""))
        set_fee_status(session, current_user, fee, status, today=viewer_today(), on=on, invoice_reference=reference)
    except PipelineError as error:
        flash(str(error), "error")
        return redirect(url_for("campaigns.entry", entry_id=fee.entry_id, _anchor="fees"))
    commit_entry_change(session)
    flash(f"Fee marked {status}.", "success")
    return redirect(url_for("campaigns.entry", entry_id=fee.entry_id, _anchor="fees"))


def refuse_too_long(model, name: str, value: str) -> None:
    """A field posted beside a form (a status button's tracking number, reference) keeps the model's limit."""
    most = limits_of(model, name).max_length
    if len(value) > most:
        raise PipelineError(f"The {name.replace('_', ' ')} has at most {most} characters.")


def parse_day(text: str) -> date | None:
    """A day typed as YYYY-MM-DD (None when empty); anything else is refused with a reason."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PipelineError(f"{text[:40]!r} is not a day: write it as YYYY-MM-DD.") from None


@bp.route("/deliverables/<int:deliverable_id>/<action>", methods=["POST"])
def deliverable_action(deliverable_id: int, action: str):
    """Mark a deliverable published as one of the entry's confirmed posts, move it to a new day, or cancel it."""
    if action not in ("publish", "cancel", "move"):
        abort(404)
    session = get_session()
    deliverable = get_deliverable_or_404(session, deliverable_id, current_user)
    try:
        if action == "cancel":
            cancel_deliverable(session, current_user, deliverable)
        elif action == "move":
            move_deliverable(session, current_user, deliverable, parse_day(request.form.get("due_on", "")))
        else:
            coverage_id = request.form.get("coverage_id", "")
            coverage = row_or_none(session, Coverage, int(coverage_id)) if coverage_id.isdigit() else None
            if coverage is None:
                raise PipelineError("Choose the coverage post that delivered it.")
            mark_published(session, current_user, deliverable, coverage)
        commit_entry_change(session)
    except PipelineError as error:
        session.rollback()
        flash(str(error), "error")
    else:
        flash({"cancel": "Deliverable cancelled.", "move": "Deliverable moved.",
               "publish": "Deliverable marked published."}[action], "success")
    return redirect(url_for("campaigns.entry", entry_id=deliverable.entry_id, _anchor="deliverables"))


@bp.route("/coverage/<int:coverage_id>/<decision>", methods=["POST"])
def coverage_decision(coverage_id: int, decision: str):
    """Confirm or reject proposed coverage, or save its measures."""
    session = get_session()
    if decision not in ("confirm", "reject", "measures", "recheck"):
        abort(404)
    coverage = get_coverage_or_404(session, coverage_id, current_user)
    entry = session.get(PipelineEntry, coverage.entry_id)
    if decision == "measures":
        form = CoverageMeasuresForm(prefix=f"coverage-{coverage.id}")
        if not form.validate_on_submit():
            flash("Measures must be whole numbers of 0 or more (value: an amount).", "error")
            typed = {field.short_name: (field.raw_data or [""])[0] for field in form}
            return render_template("campaigns/entry.html", measures_input={coverage.id: typed},
                                   **entry_context(session, entry)), 400
        update_measures(session, current_user, coverage, comments=form.comments.data, shares=form.shares.data,
                        likes=form.likes.data, economic_value=form.economic_value.data)
        message = "Measures saved."
    elif decision == "recheck":
        check_again(session, coverage)
        message = "The page is read again at the next crawl, within a few minutes."
    else:
        decide_coverage(session, current_user, coverage, confirm=decision == "confirm")
        message = "Coverage confirmed." if decision == "confirm" else "Proposal rejected."
    try:
        commit_entry_change(session)
    except PipelineError as error:
        flash(str(error), "error")
    else:
        flash(message, "success")
    return redirect(url_for("campaigns.entry", entry_id=entry.id))
