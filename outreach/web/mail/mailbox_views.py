"""Connecting mailboxes: a person's own or (for admins) the team's; the connection test; the
hosts an admin allows without TLS. The password is taken in, encrypted, never shown back."""

from __future__ import annotations

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from outreach.core.access import is_admin
from outreach.core.errors import Refused
from outreach.core.mail.known_servers import servers_for
from outreach.core.mail.mailbox_health import mailbox_health
from outreach.core.mail.mailboxes import (
    allow_plaintext,
    check_connection,
    disconnect,
    may_edit,
    save_mailbox,
    visible_mailboxes,
)
from outreach.core.models import Mailbox, PlaintextHost, utcnow
from outreach.core.oauth import providers
from outreach.web.access import require
from outreach.web.db import get_or_404, get_session
from outreach.web.mail import bp
from outreach.web.mail.forms import MailboxForm, PlaintextHostForm
from outreach.web.provider_flow import allowing_forms_to_providers

EDITABLE = ("name", "email_address", "display_name", "username", "smtp_host", "smtp_port", "smtp_tls", "imap_host",
            "imap_port", "imap_tls", "daily_limit", "window_start_hour", "window_end_hour", "time_zone",
            "send_on_weekends", "signature", "copy_to_sent")
# A mailbox signed in through its provider: its address, login and servers are the provider's.
PROVIDER_FIXED = ("email_address", "username", "password", "copy_to_sent", "smtp_host", "smtp_port", "smtp_tls", "imap_host",
                  "imap_port", "imap_tls")


@bp.route("/")
def mailboxes():
    session = get_session()
    boxes, now = visible_mailboxes(session, current_user), utcnow()
    response = make_response(render_template(
        "mail/mailboxes.html", mailboxes=boxes, health=mailbox_health(session, boxes, now),
        hosts=session.exec(select(PlaintextHost).order_by(PlaintextHost.host)).all(), host_form=PlaintextHostForm(),
        may_edit=may_edit, key_missing=not current_app.config.get("MAIL_KEY"),
        providers=providers(current_app.config), now=now))
    return allowing_forms_to_providers(response)


def editable_mailbox_or_404(session, mailbox_id: int) -> Mailbox:
    mailbox = get_or_404(session, Mailbox, mailbox_id)
    if not may_edit(current_user, mailbox):
        abort(403)
    return mailbox


@bp.route("/mailboxes/new", methods=["GET", "POST"])
@bp.route("/mailboxes/<int:mailbox_id>", methods=["GET", "POST"])
def mailbox_form(mailbox_id: int | None = None):
    """Connect a mailbox, or change one; a bad form comes back with what was typed (never the password)."""
    session = get_session()
    mailbox = editable_mailbox_or_404(session, mailbox_id) if mailbox_id else Mailbox()
    form = MailboxForm(obj=mailbox if request.method == "GET" and mailbox_id else None)
    if not is_admin(current_user) or mailbox.oauth_provider:
        del form.shared
    if mailbox.oauth_provider:
        for name in PROVIDER_FIXED:
            delattr(form, name)
    if request.method == "GET" and not mailbox_id:
        form.time_zone.data = current_user.time_zone  # a new mailbox keeps its owner's hours
    if request.method == "POST" and request.form.get("action") == "fill" and "smtp_host" in form:
        fill_servers(form)
    elif form.validate_on_submit():
        for name in (name for name in EDITABLE if name in form):
            value = getattr(form, name).data
            # An optional text field left out of the post (a script's, or an old form's) is empty,
            # not None: a None sender name or signature broke the save with a server error.
            setattr(mailbox, name, "" if value is None else value.strip() if isinstance(value, str) else value)
        try:
            save_mailbox(session, current_user, mailbox, form.password.data or None if "password" in form else None,
                         current_app.config.get("MAIL_KEY", ""), shared=bool(form.shared.data) if "shared" in form else False)
            session.commit()
        except Refused as error:
            session.rollback()
            flash(str(error), "error")
        else:
            flash("Mailbox saved. Test the connection to see that it works.", "success")
            return redirect(url_for("mail.mailboxes"))
    elif request.method == "POST":
        flash("Check the highlighted fields.", "error")
    if "password" in form:
        form.password.data = ""
    refused = request.method == "POST" and request.form.get("action") != "fill"
    return render_template("mail/mailbox_form.html", form=form, mailbox=mailbox), 400 if refused else 200


def fill_servers(form: MailboxForm) -> None:
    """Put the servers of the address's mail service in the form (nothing is saved yet)."""
    known = servers_for(form.email_address.data or "")
    if known is None:
        flash("The servers of that address's mail service are not known here: its help pages give them "
              "(look for IMAP and SMTP).", "info")
        return
    (form.smtp_host.data, form.smtp_port.data, form.smtp_tls.data) = known.smtp
    (form.imap_host.data, form.imap_port.data, form.imap_tls.data) = known.imap
    if not form.username.data:
        form.username.data = form.email_address.data.strip()
    form.copy_to_sent.data = not known.files_sent_mail  # no second copy beside the one the service files
    flash(f"{known.service}'s servers are filled in" + (f": {known.note}." if known.note else "."), "info")


@bp.route("/mailboxes/<int:mailbox_id>/test", methods=["POST"])
def test_mailbox(mailbox_id: int):
    """Log in to both servers now and say exactly what worked and what failed."""
    session = get_session()
    mailbox = editable_mailbox_or_404(session, mailbox_id)
    try:
        results = check_connection(session, mailbox, current_app.config)
        session.commit()
    except Refused as error:
        flash(str(error), "error")
        return redirect(url_for("mail.mailboxes"))
    for server, worked, message in results:
        flash(f"{server}: {message}" if not message.startswith(server) else message, "success" if worked else "error")
    return redirect(url_for("mail.mailboxes"))


@bp.route("/mailboxes/<int:mailbox_id>/delete", methods=["POST"])
def delete_mailbox(mailbox_id: int):
    session = get_session()
    mailbox = editable_mailbox_or_404(session, mailbox_id)
    left = disconnect(session, current_user, mailbox, current_app.config)
    session.commit()
    flash(f"{mailbox.name} disconnected: its {'access' if mailbox.oauth_provider else 'password'} is deleted; "
          "nothing more is sent or read.", "success")
    if left:
        flash(left, "warning")
    return redirect(url_for("mail.mailboxes"))


@bp.route("/plaintext-hosts", methods=["POST"])
@require(is_admin)
def plaintext_hosts():
    """Allow (or stop allowing) a host to be reached without TLS."""
    session = get_session()
    form = PlaintextHostForm()
    if not form.validate_on_submit():
        flash("Enter a host name.", "error")
        return redirect(url_for("mail.mailboxes"))
    allowed = request.form.get("allow") == "1"
    try:
        allow_plaintext(session, current_user, form.host.data, allowed)
        session.commit()
    except Refused as error:
        flash(str(error), "error")
    else:
        flash(f"{form.host.data}: {'may now be reached without TLS' if allowed else 'TLS is required again'}.", "success")
    return redirect(url_for("mail.mailboxes"))
