"""Sending a pitch from an entry, or answering a blogger's message (?reply=): pick a template,
the merge fields fill, edit, preview, send. The message goes into the outbox; the scheduler
sends it and records it in the entry's thread."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core.address_requests import planned_sample
from outreach.core.alerts import send_alert_emails
from outreach.core.campaign_files import files_of, megabytes
from outreach.core.db import row_or_none
from outreach.core.errors import Refused
from outreach.core.mail.answering import answer_draft, queue_email
from outreach.core.mail.approval import ask_approvers
from outreach.core.mail.compose import signed
from outreach.core.mail.mailboxes import connected_mailboxes
from outreach.core.mail.pitching import blogger_addresses, first_working_address
from outreach.core.models import Blogger, Mailbox, PitchTemplate, Reply
from outreach.core.pipeline import pitch_warnings
from outreach.core.pitch_templates import fill, left_to_fill, merge_values
from outreach.web.campaigns.queries import get_campaign_or_404, get_entry_or_404
from outreach.web.db import get_session
from outreach.web.forms import options, requested_id
from outreach.web.mail import bp
from outreach.web.mail.forms import SendForm
from outreach.web.mail.queries import written_lately
from outreach.web.viewer_time import local_time


def prepare_form(session, entry, form: SendForm) -> list[Mailbox]:
    mailboxes = connected_mailboxes(session, current_user)
    form.attach.choices = options((file.id, f"{file.name} ({megabytes(file.size)})")
                                  for file in files_of(session, entry.campaign_id))
    form.mailbox_id.choices = options((box.id, f"{box.name} <{box.email_address}>") for box in mailboxes)
    templates = session.exec(select(PitchTemplate).order_by(PitchTemplate.name)).all()
    form.template_id.choices = options([(0, "(none)")] + [(t.id, t.name) for t in templates])
    return mailboxes


def fill_from_template(session, entry, form: SendForm) -> None:
    """The chosen template's subject and text, filled for this blogger."""
    template = row_or_none(session, PitchTemplate, form.template_id.data)
    if template is not None:
        values = merge_values(session, entry, current_user)
        form.subject.data, form.body.data = fill(template.subject, values), fill(template.body, values)


def reply_to_answer(session, entry) -> Reply | None:
    """The blogger's message the page answers (?reply=), which must be this entry's; None for a pitch."""
    if "reply" not in request.args:
        return None
    reply = row_or_none(session, Reply, requested_id(request.args, "reply"))
    if reply is None or reply.entry_id != entry.id:
        abort(404)
    return reply


@bp.route("/entries/<int:entry_id>/send", methods=["GET", "POST"])
def send(entry_id: int):
    """GET shows the compose page (?template_id= fills it, ?reply= answers that message); POST
    previews, re-fills or sends."""
    session = get_session()
    entry = get_entry_or_404(session, entry_id, current_user)
    reply = reply_to_answer(session, entry)
    campaign = get_campaign_or_404(session, entry.campaign_id, current_user)
    blogger = session.get(Blogger, entry.blogger_id)
    form = SendForm(formdata=request.form if request.method == "POST" else None)
    mailboxes = prepare_form(session, entry, form)
    addresses = blogger_addresses(session, blogger.id)
    if request.method == "GET":
        form.template_id.data = requested_id(request.args, "template_id") or 0
        fill_from_template(session, entry, form)
        form.mailbox_id.data = mailboxes[0].id if mailboxes else None  # their own, else the team's
        form.to_address.data = first_working_address(addresses)
        if reply is not None:
            draft = answer_draft(session, reply, current_user.time_zone)
            form.to_address.data = draft.to_address or form.to_address.data
            form.subject.data, form.body.data = draft.subject, draft.body
    elif request.form.get("action") == "fill":
        fill_from_template(session, entry, form)
    elif request.form.get("action") == "send":
        if form.validate():
            mailbox = session.get(Mailbox, form.mailbox_id.data)
            try:
                if mailbox is None or mailbox not in mailboxes:
                    raise Refused("Pick a connected mailbox to send from.")
                row = queue_email(session, current_user, entry, mailbox, reply=reply,
                                  to_address=form.to_address.data, subject=form.subject.data, body=form.body.data,
                                  guard_days=current_app.config["PITCH_GUARD_DAYS"],
                                  contact_again=bool(form.contact_again.data), send_at=form.send_at.data,
                                  template_id=form.template_id.data, file_ids=form.attach.data or [])
                emails = ask_approvers(session, current_app.config, current_user, entry.campaign_id,
                                       int(row.status == "awaiting_approval"))
                session.commit()
                send_alert_emails(current_app.config, emails)
            except Refused as error:
                session.rollback()
                flash(str(error), "error")
            else:
                what = "your answer" if reply is not None else "the pitch"
                if row.status == "awaiting_approval":
                    flash("Waiting for a manager's approval: the pitch goes once one approves it, and you hear "
                          "either way.", "success")
                else:
                    flash(f"Queued for {local_time(form.send_at.data)}: it shows in the thread below, where it "
                          "can still be changed or cancelled." if form.send_at.data else
                          f"Queued: {what} goes out within a minute and shows in the thread below.", "success")
                return redirect(url_for("campaigns.entry", entry_id=entry.id) + "#mail")
        else:
            flash("Check the highlighted fields.", "error")
    unfilled = left_to_fill(f"{form.subject.data or ''}\n{form.body.data or ''}")
    chosen = next((box for box in mailboxes if box.id == form.mailbox_id.data), None)
    status = 400 if request.method == "POST" and request.form.get("action") == "send" else 200
    attached = [choice.label for choice in form.attach.choices if choice.value in (form.attach.data or [])]
    sample = planned_sample(session, entry.id)
    return render_template("mail/send.html", form=form, entry=entry, campaign=campaign, blogger=blogger, reply=reply,
                           attached=attached, addressless=sample if sample and not sample.shipping_address else None,
                           addresses=addresses, mailboxes=mailboxes, unfilled=unfilled,
                           lately=written_lately(session, blogger.id),
                           preview_body=signed(form.body.data or "", chosen.signature if chosen else ""),
                           previewed=request.form.get("action") in ("preview", "fill"),
                           warnings=pitch_warnings(session, blogger, campaign.id, current_app.config["PITCH_GUARD_DAYS"],
                                                   entry_id=entry.id if reply is not None else None)), status
