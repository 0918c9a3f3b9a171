"""A campaign's report for the brand: a manager makes or stops its private address; whoever holds
the address reads the report without an account."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from outreach.core import audit
from outreach.core.access import can_manage
from outreach.core.client_reports import campaign_for_share_token, client_report, new_share_token, stop_sharing
from outreach.web.access import require
from outreach.web.campaigns import bp
from outreach.web.campaigns.queries import get_campaign_or_404
from outreach.web.db import get_session
from outreach.web.forms import DateRangeForm
from outreach.web.viewer_time import viewer_today


@bp.route("/shared/<token>")
def shared_report(token: str):
    """The address is the credential, as with a shared document; kept out of search engines and caches."""
    session = get_session()
    campaign = campaign_for_share_token(session, token)
    if campaign is None:
        abort(404)  # the same for a stopped, a mistyped and a made-up address
    form = DateRangeForm(request.args)
    chosen = form.validate()  # a bad date shows the whole campaign, and says why
    report = client_report(session, campaign, viewer_today(), *((form.start.data, form.end.data) if chosen else ()))
    response = render_template("campaigns/shared_report.html", report=report, form=form, token=token)
    return response, 200 if chosen else 400, {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store"}


@bp.route("/<int:campaign_id>/share", methods=["POST"])
@require(can_manage)
def share(campaign_id: int):
    """A new private address for the brand; the one before stops working."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    token = new_share_token(session, campaign)
    audit.record(session, current_user, "shared_campaign_report", "campaign", campaign.id)
    session.commit()
    address = url_for("campaigns.shared_report", token=token, _external=True)
    return render_template("campaigns/share.html", campaign=campaign, address=address)


@bp.route("/<int:campaign_id>/share/stop", methods=["POST"])
@require(can_manage)
def stop_share(campaign_id: int):
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    if campaign.share_token_hash:
        stop_sharing(session, campaign)
        audit.record(session, current_user, "stopped_campaign_report", "campaign", campaign.id)
        session.commit()
        flash("The report's address is stopped: it shows nothing any more.", "success")
    return redirect(url_for("campaigns.edit", campaign_id=campaign.id))
