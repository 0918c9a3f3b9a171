"""Signing in with a Google or Microsoft account that a person linked to theirs, and linking one (on
their account's Sign-in page). The provider vouches for the account; the person's own second step,
when they set one up, is still asked."""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, render_template, request, url_for
from flask import session as cookie_session
from flask_login import current_user

from outreach.core.errors import Refused
from outreach.core.models import utcnow
from outreach.core.oauth import ProviderRefused, exchange_code, providers
from outreach.core.sign_in_identities import identities_of, link_identity, unlink_identity, user_signing_in
from outreach.web.account import bp as account_bp
from outreach.web.auth import bp
from outreach.web.auth.views import PENDING, PENDING_FOR, THROTTLE_KEY, safe_next_url, signed_in
from outreach.web.db import get_session
from outreach.web.provider_flow import allowing_forms_to_providers, came_back, go_to_provider, provider_or_404


@bp.route("/login/with/<name>", methods=["POST"])
def sign_in_with(name: str):
    """Off to the provider to say who the person is."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    provider = provider_or_404(name)
    return go_to_provider(provider, "auth.provider_callback", signing_in=True, purpose="sign_in",
                          next=safe_next_url(request.args.get("next")))


@account_bp.route("/sign-in/<name>/link", methods=["POST"])
def link_sign_in(name: str):
    """Off to the provider to link the account the person signs in with there."""
    provider = provider_or_404(name)
    return go_to_provider(provider, "auth.provider_callback", signing_in=True, purpose="link", user=current_user.id,
                          login_hint=current_user.email)


@bp.route("/login/oauth/callback")
def provider_callback():
    """The provider's answer: sign the person in, or link the account, as the trip was for."""
    returned = came_back("auth.provider_callback", ("sign_in", "link"))
    linking = returned is not None and returned.pending["purpose"] == "link"
    if returned is None:
        return redirect(url_for("account.sign_in" if current_user.is_authenticated else "auth.login"))
    if linking and (not current_user.is_authenticated or returned.pending.get("user") != current_user.id):
        flash("Sign in first: an account is linked from its own Sign-in page.", "error")
        return redirect(url_for("auth.login"))
    provider, session = returned.provider, get_session()
    try:
        tokens = exchange_code(provider, returned.code, returned.redirect_uri, returned.pending["verifier"], utcnow(),
                               signing_in=True)
        if linking:
            link_identity(session, current_user, provider, tokens)
            session.commit()
            flash(f"Linked: you can sign in with your {provider.label} account {tokens.email}.", "success")
            return redirect(url_for("account.sign_in"))
        user = user_signing_in(session, provider, tokens)
    except (ProviderRefused, Refused) as error:
        session.rollback()
        flash(str(error), "error")
        return redirect(url_for("account.sign_in" if linking else "auth.login"))
    if user.has_two_step:
        cookie_session[PENDING] = {"user": user.get_id(), "remember": False, "next": returned.pending.get("next"),
                                   "until": time.time() + PENDING_FOR}
        return redirect(url_for("auth.login_code"))
    user.last_login_at = utcnow()
    signed_in(session, current_app.extensions[THROTTLE_KEY], user, False, via=provider.label)
    return redirect(safe_next_url(returned.pending.get("next")))


@account_bp.route("/sign-in")
def sign_in():
    """The accounts at Google or Microsoft linked to the person's, to sign in with."""
    response = current_app.make_response(render_template(
        "account/sign_in.html", identities=identities_of(get_session(), current_user),
        providers=providers(current_app.config)))
    return allowing_forms_to_providers(response)


@account_bp.route("/sign-in/<int:identity_id>/unlink", methods=["POST"])
def unlink_sign_in(identity_id: int):
    session = get_session()
    try:
        identity = unlink_identity(session, current_user, identity_id)
        session.commit()
    except Refused as error:
        flash(str(error), "error")
    else:
        flash(f"Unlinked: {identity.email} no longer signs you in.", "success")
    return redirect(url_for("account.sign_in"))
