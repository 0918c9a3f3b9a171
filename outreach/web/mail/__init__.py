"""Mail pages: connected mailboxes, sending a pitch from an entry, the queue of what goes out,
campaigns' follow-up sequences, and the bloggers waiting for our answer."""

from flask import Blueprint

bp = Blueprint("mail", __name__, url_prefix="/mail")

from outreach.core.mail.opt_out import opt_out_mode  # noqa: E402
from outreach.web.mail import (  # noqa: E402,F401  (routes register on import)
    mailbox_views,
    oauth_views,
    opt_out_views,
    queue_views,
    reply_file_views,
    send_views,
    speed_views,
)
from outreach.web.mail.queries import answer_medians, entry_mail  # noqa: E402

bp.add_app_template_global(entry_mail)
bp.add_app_template_global(answer_medians)
bp.add_app_template_global(opt_out_mode)
