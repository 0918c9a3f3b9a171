"""Asking a blogger for a sample's address: the team makes (or stops) a private link on the entry;
the blogger opens it without an account and gives the address on a page of their own."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from outreach.core.address_requests import (
    ADDRESS_PATH,
    LINK_LASTS,
    AddressRefused,
    ask_for_address,
    give_address,
    request_for_token,
    stop_asking,
)
from outreach.core.alerts import send_alert_emails
from outreach.core.errors import Refused
from outreach.core.system_mail import app_link
from outreach.web.campaigns import bp
from outreach.web.campaigns.forms import GiveAddressForm
from outreach.web.campaigns.queries import get_sample_or_404
from outreach.web.db import get_session

PRIVATE = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}


def address_link_for(token: str) -> str:
    """The link to send: at the app's public address when one is set, else at the one this page was opened at."""
    return (app_link(current_app.config, ADDRESS_PATH + token)
            or url_for("campaigns.give_address_page", token=token, _external=True))


@bp.route("/samples/<int:sample_id>/ask-address", methods=["POST"])
def ask_address(sample_id: int):
    """A new private link to send the blogger; shown once."""
    session = get_session()
    sample = get_sample_or_404(session, sample_id, current_user)
    try:
        token = ask_for_address(session, current_user, sample, current_app.config["SECRET_KEY"])
    except Refused as error:
        session.rollback()
        flash(str(error), "error")
        return redirect(url_for("campaigns.entry", entry_id=sample.entry_id) + "#samples")
    session.commit()
    return render_template("campaigns/address_link.html", sample=sample, days=LINK_LASTS.days,
                           address=address_link_for(token))


@bp.route("/samples/<int:sample_id>/stop-asking", methods=["POST"])
def stop_asking_address(sample_id: int):
    session = get_session()
    sample = get_sample_or_404(session, sample_id, current_user)
    stop_asking(session, current_user, sample)
    session.commit()
    flash("The link that asked for their address is stopped.", "success")
    return redirect(url_for("campaigns.entry", entry_id=sample.entry_id) + "#samples")


@bp.route("/address/<token>", methods=["GET", "POST"])
def give_address_page(token: str):
    """The blogger's own page: the link is the credential, so it asks for no account; the same
    answer for a made-up, stopped or expired link."""
    session = get_session()
    request = request_for_token(session, token)
    if request is None:
        abort(404)
    form = GiveAddressForm()
    status, done = 200, False
    if form.validate_on_submit():
        try:
            emails = give_address(session, current_app.config, request, form.name.data, form.address.data,
                                  form.note.data)
        except AddressRefused as error:
            session.rollback()
            form.address.errors.append(str(error))
            status = 400
        else:
            session.commit()
            send_alert_emails(current_app.config, emails)
            done = True
    elif form.is_submitted():
        status = 400
    return render_template("campaigns/give_address.html", request=request, form=form, done=done), status, PRIVATE
