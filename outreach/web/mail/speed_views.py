"""Response speed: bloggers' messages waiting for our answer, oldest first, with their age."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from outreach.core.mail.speed import count_waiting, mark_answered, waiting_answers
from outreach.core.models import Reply, utcnow
from outreach.web.campaigns.queries import get_entry_or_404
from outreach.web.db import get_session
from outreach.web.mail import bp


@bp.route("/waiting")
def waiting():
    rows = waiting_answers(get_session(), current_user, current_app.config, utcnow())
    return render_template("mail/waiting.html", rows=rows, limit=current_app.config["MAIL_ANSWER_ALERT_HOURS"])


@bp.route("/replies/<int:reply_id>/answered", methods=["POST"])
def answered(reply_id: int):
    """Answered elsewhere (phone, another mailbox), or needs no answer: off the list."""
    session = get_session()
    reply = session.get(Reply, reply_id)
    if reply is None:
        abort(404)
    get_entry_or_404(session, reply.entry_id, current_user)
    mark_answered(session, reply, utcnow())
    session.commit()
    flash("Marked answered.", "success")
    return redirect(url_for("mail.waiting"))


@bp.app_context_processor
def inject_waiting_count():
    """The menu's badge of bloggers' messages waiting for our answer, on every page: answering fast
    is what a relationship is judged on."""
    if not current_user.is_authenticated:
        return {}
    return {"waiting_answer_count": count_waiting(get_session(), current_user)}
