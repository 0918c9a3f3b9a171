"""A campaign's files from scripts: list them, add one or read one (its content in base64), remove one."""

from __future__ import annotations

import base64
import binascii

from flask import g

from outreach.core.campaign_files import add_file, files_of, remove_file
from outreach.core.models import CampaignFile
from outreach.web.api.http import ApiError, dump, dump_list, parse_body
from outreach.web.api.queries import campaign_or_error, get_or_404
from outreach.web.api.schemas import CampaignFileContent, CampaignFileCreate, CampaignFileOut
from outreach.web.api.spec import operation
from outreach.web.db import get_session


@operation("GET", "/campaigns/<int:campaign_id>/files", "The files a campaign's emails may attach",
           response=CampaignFileOut, list_response=True, errors=(403,))
def list_files(campaign_id: int):
    campaign = campaign_or_error(campaign_id)
    return dump_list(CampaignFileOut, files_of(get_session(), campaign.id))


@operation("POST", "/campaigns/<int:campaign_id>/files",
           "Add a file for the campaign's emails to attach, checked by its content",
           body=CampaignFileCreate, response=CampaignFileOut, status=201, errors=(403, 409))
def create_file(campaign_id: int):
    campaign = campaign_or_error(campaign_id)
    data = parse_body(CampaignFileCreate)
    try:
        content = base64.b64decode(data.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(422, "content_base64 is not base64.") from None
    session = get_session()
    row = add_file(session, g.api_user, campaign.id, data.name, content)
    session.commit()
    return dump(CampaignFileOut, row, 201)


@operation("GET", "/files/<int:file_id>", "A file with its content, in base64", response=CampaignFileContent,
           errors=(403,))
def read_file(file_id: int):
    row = get_or_404(CampaignFile, file_id, "file")
    campaign_or_error(row.campaign_id)
    shown = CampaignFileOut.model_validate(row).model_dump()
    return dump(CampaignFileContent, {**shown, "content_base64": base64.b64encode(row.data).decode("ascii")})


@operation("DELETE", "/files/<int:file_id>",
           "Remove a file (its adder or a manager); refused while an email waiting to go attaches it",
           response=CampaignFileOut, errors=(403, 409))
def delete_file(file_id: int):
    row = get_or_404(CampaignFile, file_id, "file")
    campaign_or_error(row.campaign_id)
    shown = CampaignFileOut.model_validate(row)
    session = get_session()
    remove_file(session, g.api_user, row)
    session.commit()
    return dump(CampaignFileOut, shown)
