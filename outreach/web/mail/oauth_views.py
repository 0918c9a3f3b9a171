"""Connecting a mailbox by signing in at its provider (Google, Microsoft): off to the provider's consent
page, and back with a code that becomes the mailbox's tokens. No password is typed or stored."""

from __future__ import annotations

import hmac
import time

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user

from outreach.core.access import is_admin
from outreach.core.errors import Refused
from outreach.core.mail.mailboxes import connect_through_provider
from outreach.core.mail.secrets import MailKeyMissing
from outreach.core.models import utcnow
from outreach.core.oauth import ProviderRefused, authorization, exchange_code, provider_named
from outreach.web.db import get_session
from outreach.web.mail import bp
from outreach.web.mail.forms import ConnectProviderForm

PENDING = "mail_oauth"  # in the person's signed session cookie, until the provider sends them back
PENDING_FOR = 15 * 60  # seconds a person has at the provider's pages


def callback_address() -> str:
    """The address the provider sends people back to, as registered with it: under OUTREACH_BASE_URL
    when set (behind a proxy the request's own host may not be the public one)."""
    base = current_app.config.get("BASE_URL") or ""
    path = url_for("mail.oauth_callback")
    return f"{base.rstrip('/')}{path}" if base else url_for("mail.oauth_callback", _external=True)


@bp.route("/oauth/<name>/start", methods=["POST"])
def oauth_start(name: str):
    """Send the person to their provider to allow Outreach to send and read as them."""
    provider = provider_named(current_app.config, name)
    if provider is None:
        abort(404)
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
    started = authorization(provider, callback_address(), login_hint="" if shared else current_user.email)
    session[PENDING] = {"state": started.state, "verifier": started.verifier, "provider": provider.name,
                        "shared": shared, "at": time.time()}
    return redirect(started.url)


@bp.route("/oauth/callback")
def oauth_callback():
    """The provider's answer: a code to exchange for the mailbox's tokens, or why there is none."""
    pending = session.pop(PENDING, None)
    state = request.args.get("state", "")
    if (not isinstance(pending, dict) or not hmac.compare_digest(state.encode(), str(pending.get("state")).encode())
            or time.time() - float(pending.get("at", 0)) > PENDING_FOR):
        flash("This answer from the provider does not belong to a connection started here (or it took longer "
              "than 15 minutes, or was used already): nothing was connected. Start again.", "error")
        return redirect(url_for("mail.mailboxes"))
    provider = provider_named(current_app.config, pending["provider"])
    if provider is None:
        abort(404)
    if request.args.get("error"):
        reason = request.args["error"][:100]
        said = request.args.get("error_description", "")[:300]
        flash(f"{provider.label} did not connect the mailbox: "
              + ("you cancelled at its page." if reason == "access_denied" and not said
                 else f"{reason}{': ' + said if said else ''}."), "error")
        return redirect(url_for("mail.mailboxes"))
    code = request.args.get("code", "")
    if not code or len(code) > 4096:
        flash(f"{provider.label} sent no code back: nothing was connected. Start again.", "error")
        return redirect(url_for("mail.mailboxes"))
    db = get_session()
    try:
        tokens = exchange_code(provider, code, callback_address(), pending["verifier"], utcnow())
        mailbox = connect_through_provider(db, current_user, provider, tokens, current_app.config.get("MAIL_KEY", ""),
                                           shared=bool(pending.get("shared")))
        db.commit()
    except (ProviderRefused, Refused) as error:
        db.rollback()
        flash(f"Nothing was connected: {error}", "error")
        return redirect(url_for("mail.mailboxes"))
    flash(f"{mailbox.email_address} is connected through {provider.label}: its pitches go out and its replies are "
          "read without a password. Test the connection to see both work.", "success")
    return redirect(url_for("mail.mailboxes"))
