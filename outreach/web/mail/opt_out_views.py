"""The page a blogger reaches from the opt-out link in our emails, and the one-click request their
mail app sends for them (RFC 8058): the signed link is the credential, so neither asks for a
session or a CSRF token."""

from __future__ import annotations

from flask import abort, current_app, render_template, request

from outreach.core.alerts import send_alert_emails
from outreach.core.mail.opt_out import link_target, opt_out
from outreach.web.auth.views import csrf
from outreach.web.db import get_session
from outreach.web.mail import bp


@bp.route("/opt-out/<token>", methods=["GET", "POST"])
@csrf.exempt
def opt_out_page(token: str):
    """GET asks (a link scanner opening it changes nothing); POST does it, once, for good."""
    session = get_session()
    found = link_target(session, current_app.config["SECRET_KEY"], token)
    if found is None:
        abort(404)
    blogger, address = found
    if request.method == "GET":
        return render_template("mail/opt_out.html", address=address, done=False)
    emails = opt_out(session, current_app.config, blogger, address)
    session.commit()
    send_alert_emails(current_app.config, emails)
    return render_template("mail/opt_out.html", address=address, done=True)
