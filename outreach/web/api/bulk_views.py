"""The API's bulk actions: the core's bulk module, as the pages' bulk bars call it."""

from __future__ import annotations

from flask import g, jsonify

from outreach.core.bulk import BulkAction, BulkResult, bulk_blogs, bulk_entries
from outreach.core.models import Campaign, Stage
from outreach.web.api.bulk_schemas import BlogBulk, BulkOut, EntryBulk, RefusalOut
from outreach.web.api.http import ApiError, parse_body
from outreach.web.api.queries import campaign_or_error, get_or_404
from outreach.web.api.spec import operation
from outreach.web.db import get_session


def result_out(result: BulkResult):
    refused = [RefusalOut(id=refusal.item_id, reason=refusal.message) for refusal in result.refused]
    return jsonify(BulkOut(action=result.action, done=result.done, refused=refused).model_dump(mode="json"))


def target_campaign(campaign_id: int | None) -> Campaign | None:
    return campaign_or_error(campaign_id) if campaign_id is not None else None


@operation("POST", "/campaigns/<int:campaign_id>/entries/bulk",
           "One action on many entries: move, set_owner, set_follow_up, add_to_campaign or do_not_contact",
           body=EntryBulk, response=BulkOut, errors=(403, 409))
def bulk_update_entries(campaign_id: int):
    campaign = campaign_or_error(campaign_id)
    data = parse_body(EntryBulk)
    session = get_session()
    if data.versions is not None and len(data.versions) != len(data.entry_ids):
        raise ApiError(422, "Send one version per entry id, in the same order, or none.")
    stage = None
    if data.stage_id is not None:
        stage = get_or_404(Stage, data.stage_id, "stage")
        if stage.campaign_id != campaign.id:
            raise ApiError(404, f"No stage with id {data.stage_id} in this campaign.")
    versions = dict(zip(data.entry_ids, data.versions or [None] * len(data.entry_ids)))
    action = BulkAction(data.action, stage=stage, owner_id=data.owner_id, follow_up_on=data.follow_up_on,
                        campaign=target_campaign(data.campaign_id), reason=data.reason)
    result = bulk_entries(session, g.api_user, campaign, versions, action)
    session.commit()
    return result_out(result)


@operation("POST", "/blogs/bulk", "One action on the bloggers of many blogs: add_to_campaign or do_not_contact",
           body=BlogBulk, response=BulkOut, errors=(403, 409))
def bulk_update_blogs():
    data = parse_body(BlogBulk)
    session = get_session()
    action = BulkAction(data.action, campaign=target_campaign(data.campaign_id), reason=data.reason)
    result = bulk_blogs(session, g.api_user, data.blog_ids, action)
    session.commit()
    return result_out(result)
