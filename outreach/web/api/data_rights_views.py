"""A blogger's data at their request, for admins: everything stored about them, and forgetting
them, confirmed with the counts of what goes as on the pages."""

from __future__ import annotations

from flask import g, jsonify

from outreach.core import audit, forgetting
from outreach.core.access import is_admin
from outreach.core.models import Blogger
from outreach.web.api.http import ApiError, parse_body
from outreach.web.api.queries import get_or_404
from outreach.web.api.schemas import BloggerExportOut, ForgetConfirm, ForgetCountsOut, ForgottenOut
from outreach.web.api.spec import operation
from outreach.web.db import get_session

ADMINS_ONLY = "A blogger's data requests are answered by admins."


def admins_blogger(blogger_id: int) -> Blogger:
    if not is_admin(g.api_user):
        raise ApiError(403, ADMINS_ONLY)
    return get_or_404(Blogger, blogger_id, "blogger")


@operation("GET", "/bloggers/<int:blogger_id>/export", "Everything stored about a blogger (their request to see it)",
           response=BloggerExportOut, errors=(403,))
def export_blogger(blogger_id: int):
    blogger = admins_blogger(blogger_id)
    session = get_session()
    audit.record(session, g.api_user, "exported", "blogger", blogger.id, via="api")
    session.commit()
    return jsonify(BloggerExportOut(**forgetting.export_blogger(session, blogger)).model_dump(mode="json"))


@operation("GET", "/bloggers/<int:blogger_id>/forget", "What forgetting a blogger would delete",
           response=ForgetCountsOut, errors=(403,))
def forget_counts(blogger_id: int):
    blogger = admins_blogger(blogger_id)
    return jsonify(ForgetCountsOut(counts=forgetting.forget_counts(get_session(), blogger)).model_dump(mode="json"))


@operation("POST", "/bloggers/<int:blogger_id>/forget",
           "Forget a blogger at their request, if the counts still hold: deleted with all stored about them, "
           "their emails and addresses refused from then on", body=ForgetConfirm, response=ForgottenOut,
           errors=(403, 409))
def forget_blogger(blogger_id: int):
    blogger = admins_blogger(blogger_id)
    confirm = parse_body(ForgetConfirm)
    session = get_session()
    counts = forgetting.forget_counts(session, blogger)
    if confirm.counts != counts:
        raise ApiError(409, f"The counts changed or do not match: now {counts}. Ask again before you confirm.")
    deleted = forgetting.forget_blogger(session, g.api_user, blogger)
    session.commit()
    return jsonify(ForgottenOut(blogger_id=blogger_id, deleted=deleted).model_dump(mode="json"))
