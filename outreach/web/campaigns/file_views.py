"""A campaign's files for its emails to attach: list, add, download, remove."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from outreach.core.access import can_manage
from outreach.core.campaign_files import (
    KINDS,
    MAX_ATTACHED_BYTES,
    MAX_FILE_BYTES,
    FileRefused,
    add_file,
    files_of,
    megabytes,
    remove_file,
)
from outreach.core.models import CampaignFile
from outreach.web.campaigns import bp
from outreach.web.campaigns.forms import CampaignFileForm
from outreach.web.campaigns.queries import get_campaign_or_404
from outreach.web.db import get_or_404, get_session
from outreach.web.downloads import kept_file_response

ACCEPTED = ",".join(f".{ending}" for ending in KINDS)


@bp.route("/<int:campaign_id>/files", methods=["GET", "POST"])
def files(campaign_id: int):
    """GET lists the campaign's files; POST adds one, checked by its content."""
    session = get_session()
    campaign = get_campaign_or_404(session, campaign_id, current_user)
    form = CampaignFileForm()
    status = 200
    if form.is_submitted():
        upload = form.file.data
        if not form.validate() or upload is None:
            flash("Choose a file to add.", "error")
            status = 400
        else:
            try:
                row = add_file(session, current_user, campaign.id, upload.filename or "", upload.read(MAX_FILE_BYTES + 1))
            except FileRefused as error:
                session.rollback()
                flash(str(error), "error")
                status = 400
            else:
                session.commit()
                flash(f"Added {row.name}: the campaign's emails can attach it now.", "success")
                return redirect(url_for("campaigns.files", campaign_id=campaign.id))
    return render_template("campaigns/files.html", campaign=campaign, form=form, files=files_of(session, campaign.id),
                           accepted=ACCEPTED, largest=megabytes(MAX_FILE_BYTES), carried=megabytes(MAX_ATTACHED_BYTES), megabytes=megabytes,
                           may_manage=can_manage(current_user)), status


@bp.route("/files/<int:file_id>")
def download_file(file_id: int):
    """The file as it was added, always as a download: never shown inside the app's pages."""
    session = get_session()
    row = get_or_404(session, CampaignFile, file_id)
    get_campaign_or_404(session, row.campaign_id, current_user)
    return kept_file_response(row.name, row.content_type, row.data)


@bp.route("/files/<int:file_id>/remove", methods=["POST"])
def remove_file_view(file_id: int):
    session = get_session()
    row = get_or_404(session, CampaignFile, file_id)
    campaign = get_campaign_or_404(session, row.campaign_id, current_user)
    name = row.name
    try:
        remove_file(session, current_user, row)
    except FileRefused as error:
        session.rollback()
        flash(str(error), "error")
    else:
        session.commit()
        flash(f"Removed {name}; emails that went with it still name it.", "success")
    return redirect(url_for("campaigns.files", campaign_id=campaign.id))
