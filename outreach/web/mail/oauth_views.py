"""Connecting a mailbox by signing in at its provider (Google, Microsoft): off to the provider's consent
page, and back with a code that becomes the mailbox's tokens. No password is typed or stored."""

from __future__ import annotations

from flask import current_app, flash, redirect, url_for
from flask_login import current_user

from outreach.core.access import is_admin
from outreach.core.errors import Refused
from outreach.core.mail.mailboxes import check_connection, connect_through_provider
from outreach.core.mail.secrets import MailKeyMissing
from outreach.core.models import utcnow
from outreach.core.oauth import ProviderRefused, exchange_code
from outreach.web.db import get_session
from outreach.web.mail import bp
from outreach.web.mail.forms import ConnectProviderForm
from outreach.web.provider_flow import came_back, go_to_provider, provider_or_404


@bp.route("/oauth/<name>/start", methods=["POST"])
def oauth_start(name: str):
    """Send the person to their provider to allow Outreach to send and read as them."""
    provider = provider_or_404(name)
    form = ConnectProviderForm()
    if not form.validate_on_submit():
        flash("The form expired: try again.", "error")
        return redirect(url_for("mail.mailboxes"))
    shared = bool(form.shared.data)
    if shared and not is_admin(current_user):
        flash("Only an admin can set up the team's mailbox.", "error")
        return redirect(url_for("mail.mailboxes"))
    if not current_app.config.get("MAIL_KEY"):
        flash(str(MailKeyMissing()), "error")
        return redirect(url_for("mail.mailboxes"))
    return go_to_provider(provider, "mail.oauth_callback", signing_in=False,
                          login_hint="" if shared else current_user.email, purpose="mailbox", shared=shared,
                          user=current_user.id)


@bp.route("/oauth/callback")
def oauth_callback():
    """The provider's answer: a code to exchange for the mailbox's tokens, or why there is none."""
    returned = came_back("mail.oauth_callback", ("mailbox",))
    if returned is None or returned.pending.get("user") != current_user.id:
        if returned is not None:
            flash("This sign-in was started by someone else in this browser: nothing was connected.", "error")
        return redirect(url_for("mail.mailboxes"))
    provider, db = returned.provider, get_session()
    try:
        tokens = exchange_code(provider, returned.code, returned.redirect_uri, returned.pending["verifier"], utcnow())
        mailbox = connect_through_provider(db, current_user, provider, tokens, current_app.config.get("MAIL_KEY", ""),
                                           shared=bool(returned.pending.get("shared")))
        db.commit()
    except (ProviderRefused, Refused) as error:
        db.rollback()
        flash(f"Nothing was connected: {error}", "error")
        return redirect(url_for("mail.mailboxes"))
    flash(f"{mailbox.email_address} is connected through {provider.label}: its pitches go out and its replies are "
          "read without a password.", "success")
    # Tried at once: a Microsoft 365 tenant keeps SMTP logins off until an admin allows them, which is
    # better learnt now than from the first pitch that fails.
    results = check_connection(db, mailbox, current_app.config)
    db.commit()
    for _, worked, message in results:
        flash(message, "success" if worked else "error")
    return redirect(url_for("mail.mailboxes"))
