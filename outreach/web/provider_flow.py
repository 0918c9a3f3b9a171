"""The round trip to a provider's consent page, shared by connecting a mailbox and signing in: what is
kept in the person's session until they come back (state, PKCE verifier, purpose), and the checks on the
way back, so that an answer that does not belong to a trip started here connects or signs in nothing."""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Response, abort, current_app, flash, redirect, request, session, url_for

from outreach.core.oauth import Provider, authorization, provider_named, providers
from outreach.core.system_mail import app_link
from outreach.web.headers import content_security_policy

PENDING = "provider_trip"  # in the person's signed session cookie, until the provider sends them back
PENDING_FOR = 15 * 60  # seconds a person has at the provider's pages


@dataclass(frozen=True)
class Returned:
    """A trip that came back as it should: its provider, what it was for, and the code to exchange."""

    provider: Provider
    pending: dict
    code: str
    redirect_uri: str


def provider_or_404(name: str) -> Provider:
    """A provider this server is set up for, by its name in the address."""
    provider = provider_named(current_app.config, name)
    if provider is None:
        abort(404)
    return provider


def callback_address(endpoint: str) -> str:
    """The address the provider sends people back to, as registered with it: under OUTREACH_BASE_URL
    when set (behind a proxy the request's own host may not be the public one)."""
    return app_link(current_app.config, url_for(endpoint)) or url_for(endpoint, _external=True)


def go_to_provider(provider: Provider, endpoint: str, *, signing_in: bool, login_hint: str = "",
                   **kept) -> Response:
    """Send the person to the provider, keeping what the way back needs (and `kept`) in their session."""
    started = authorization(provider, callback_address(endpoint), login_hint, signing_in=signing_in)
    session[PENDING] = {"state": started.state, "verifier": started.verifier, "provider": provider.name,
                        "at": time.time(), **kept}
    return redirect(started.url)


def came_back(endpoint: str, purposes: tuple[str, ...]) -> Returned | None:
    """The trip this answer ends, once checked; None (with a flash saying why) when it is not one
    started here for one of `purposes`, took too long, was used already, or the provider sent no code."""
    pending = session.pop(PENDING, None)
    state = request.args.get("state", "")
    if (not isinstance(pending, dict) or pending.get("purpose") not in purposes
            or not hmac.compare_digest(state.encode(), str(pending.get("state")).encode())
            or time.time() - float(pending.get("at", 0)) > PENDING_FOR):
        flash("This answer from the provider does not belong to a sign-in started here (or it took longer than 15 "
              "minutes, or was used already): nothing was done. Start again.", "error")
        return None
    provider = provider_named(current_app.config, pending.get("provider", ""))
    if provider is None:
        flash("That provider is no longer set up here.", "error")
        return None
    if request.args.get("error"):
        reason, said = request.args["error"][:100], request.args.get("error_description", "")[:300]
        flash(f"{provider.label} did not let it through: "
              + ("you cancelled at its page." if reason == "access_denied" and not said
                 else f"{reason}{': ' + said if said else ''}."), "error")
        return None
    code = request.args.get("code", "")
    if not code or len(code) > 4096:
        flash(f"{provider.label} sent no code back: nothing was done. Start again.", "error")
        return None
    return Returned(provider, pending, code, callback_address(endpoint))


def allowing_forms_to_providers(response: Response) -> Response:
    """The page's policy, letting its "Sign in with ..." forms go on to the providers' pages (browsers
    hold a form's redirect to form-action too)."""
    origins = sorted({"{0.scheme}://{0.netloc}".format(urlsplit(p.authorize_url)) for p in providers(current_app.config)})
    response.headers["Content-Security-Policy"] = content_security_policy(tuple(origins))
    return response
