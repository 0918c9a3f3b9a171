"""What goes out: the queue (see, edit, pause, resume, cancel, send again, approve or send back) and
each campaign's follow-up sequence."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from outreach.core import audit
from outreach.core.access import can_manage
from outreach.core.alerts import send_alert_emails
from outreach.core.campaign_files import attachments_of
from outreach.core.errors import Refused
from outreach.core.mail.approval import approve, send_back
from outreach.core.mail.pitching import change_queued
from outreach.core.models import SequenceStep
from outreach.web.access import require
from outreach.web.campaigns.queries import get_campaign_or_404
from outreach.web.db import get_session
from outreach.web.mail import bp
from outreach.web.mail.forms import QueuedForm, StepForm
from outreach.web.mail.queries import campaign_steps, get_message_or_404, queue_rows

WAITING = ("awaiting_approval", "queued", "scheduled", "paused", "failed", "unsure")
ACTIONS = ("pause", "resume", "cancel", "retry", "mark_sent")


@bp.route("/queue")
def queue():
    rows = queue_rows(get_session(), current_user, WAITING)
    return render_template("mail/queue.html", rows=rows)


@bp.route("/queue/<int:message_id>/<action>", methods=["POST"])
def queue_action(message_id: int, action: str):
    if action not in ACTIONS:
        abort(404)
    session = get_session()
    row = get_message_or_404(session, message_id, current_user)
    try:
        change_queued(session, current_user, row, action)
        session.commit()
    except Refused as error:
        session.rollback()
        flash(str(error), "error")
    else:
        flash({"pause": "Paused.", "resume": "Resumed.", "cancel": "Cancelled.", "retry": "Queued again.",
               "mark_sent": "Recorded as sent."}[action],
              "success")
    return redirect(request.form.get("next") or url_for("mail.queue"))


@bp.route("/queue/<int:message_id>/approval", methods=["POST"])
def approval(message_id: int):
    """A manager approves a staff member's pitch, or sends it back with what to change."""
    session = get_session()
    row = get_message_or_404(session, message_id, current_user)
    decision = request.form.get("decision", "")
    try:
        if decision == "approve":
            email = approve(session, current_user, row, current_app.config)
        elif decision == "send_back":
            email = send_back(session, current_user, row, request.form.get("note", ""), current_app.config)
        else:
            raise Refused("Approve the pitch or send it back.")
        session.commit()
    except Refused as error:
        session.rollback()
        flash(str(error), "error")
    else:
        send_alert_emails(current_app.config, [email])
        flash("Approved: it goes out within the mailbox's hours." if decision == "approve" else
              "Sent back: its author has your note.", "success")
    return redirect(request.form.get("next") or url_for("mail.queue"))


@bp.route("/queue/<int:message_id>/edit", methods=["GET", "POST"])
def edit_queued(message_id: int):
    session = get_session()
    row = get_message_or_404(session, message_id, current_user)
    form = QueuedForm(obj=row if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            change_queued(session, current_user, row, "edit", subject=form.subject.data, body=form.body.data,
                          send_after=form.send_after.data)
            session.commit()
        except Refused as error:
            session.rollback()
            flash(str(error), "error")
        else:
            flash("Saved.", "success")
            return redirect(url_for("mail.queue"))
    return render_template("mail/edit_queued.html", form=form, row=row,
                           attached=attachments_of(session, [row.id]).get(row.id, []))


@bp.route("/campaigns/<int:campaign_id>/sequence", methods=["GET", "POST"])
@require(can_manage)
def sequence(campaign_id: int):
    """A campaign's follow-up steps: managers add and remove them."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    form = StepForm()
    if form.validate_on_submit():
        step = SequenceStep(campaign_id=campaign.id)
        form.populate_obj(step)
        session.add(step)
        try:
            session.flush()
            audit.record(session, current_user, "added_sequence_step", "sequence_step", step.id,
                         campaign_id=campaign.id, position=step.position, delay_days=step.delay_days,
                         working_days=step.working_days)
            session.commit()
        except IntegrityError:
            session.rollback()
            flash(f"Step {form.position.data} exists already: remove it first.", "error")
        else:
            days = "working days" if step.working_days else "days"
            flash(f"Step {step.position} added: it goes {step.delay_days} {days} after each pitch sent from now on.",
                  "success")
            return redirect(url_for("mail.sequence", campaign_id=campaign.id))
    elif request.method == "POST":
        flash("Check the highlighted fields.", "error")
    return render_template("mail/sequence.html", campaign=campaign, steps=campaign_steps(session, campaign.id),
                           form=form)


@bp.route("/campaigns/<int:campaign_id>/sequence/<int:step_id>/delete", methods=["POST"])
@require(can_manage)
def delete_step(campaign_id: int, step_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    step = session.get(SequenceStep, step_id)
    if step is None or step.campaign_id != campaign.id:
        abort(404)
    session.delete(step)
    audit.record(session, current_user, "removed_sequence_step", "sequence_step", step_id, campaign_id=campaign.id)
    session.commit()
    flash("Step removed; follow-ups already queued stay in the queue.", "success")
    return redirect(url_for("mail.sequence", campaign_id=campaign.id))
