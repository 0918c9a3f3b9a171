"""A file a blogger's reply carried, handed back as a download to whoever may open its entry."""

from __future__ import annotations

from flask_login import current_user

from outreach.core.models import Reply, ReplyFile
from outreach.web.campaigns.queries import get_entry_or_404
from outreach.web.db import get_or_404, get_session
from outreach.web.downloads import kept_file_response
from outreach.web.mail import bp


@bp.route("/replies/files/<int:file_id>")
def reply_file(file_id: int):
    """Always as a download, never shown inside the app's pages: it came from outside."""
    session = get_session()
    row = get_or_404(session, ReplyFile, file_id)
    get_entry_or_404(session, session.get(Reply, row.reply_id).entry_id, current_user)
    return kept_file_response(row.name, row.content_type, row.data)
