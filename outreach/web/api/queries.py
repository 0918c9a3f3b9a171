"""The API's lookups: a row by id or a JSON 404, and the campaign rule (403) on top."""

from __future__ import annotations

from flask import g, request

from outreach.core.access import can_work_campaign
from outreach.core.db import row_or_none
from outreach.core.models import Campaign, PipelineEntry
from outreach.web.api.http import ApiError
from outreach.web.db import get_session


def get_or_404(model, object_id: int, label: str):
    """The row, or a JSON 404; ids outside the integer range are simply not found."""
    row = row_or_none(get_session(), model, object_id)
    if row is None:
        raise ApiError(404, f"No {label} with id {object_id}.")
    return row


def campaign_or_error(campaign_id: int, archived_too: bool = False) -> Campaign:
    """The campaign, if the token's owner may work it; an archived one only to read (or when
    `archived_too`: restoring one)."""
    campaign = get_or_404(Campaign, campaign_id, "campaign")
    if not can_work_campaign(get_session(), g.api_user, campaign.id):
        raise ApiError(403, "You are not a member of this campaign.")
    if campaign.is_archived and request.method != "GET" and not archived_too:
        raise ApiError(409, f"{campaign.name!r} is archived, so it is read-only: restore it first.")
    return campaign


def entry_or_error(entry_id: int) -> PipelineEntry:
    entry = get_or_404(PipelineEntry, entry_id, "entry")
    campaign_or_error(entry.campaign_id)
    return entry
