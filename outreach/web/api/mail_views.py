"""Email from scripts: queue a pitch or an answer from an entry through the same guards as the
send page, and read an entry's emails (queued, sent, failed) as its thread shows them."""

from __future__ import annotations

from datetime import timezone

from flask import current_app, g, jsonify
from sqlmodel import select

from outreach.core.alerts import send_alert_emails
from outreach.core.campaign_files import attachments_of
from outreach.core.mail.answering import answer_draft, queue_email
from outreach.core.mail.approval import approve, ask_approvers, send_back
from outreach.core.mail.mailbox_health import mailbox_health
from outreach.core.mail.mailboxes import connected_mailboxes, visible_mailboxes
from outreach.core.mail.pitching import blogger_addresses, first_working_address
from outreach.core.models import OutboxMessage, PitchTemplate, Reply, utcnow
from outreach.web.api.http import ApiError, parse_body
from outreach.web.api.queries import entry_or_error, get_or_404
from outreach.web.api.schemas import ApprovalDecision, AttachmentOut, EmailCreate, EmailOut, MailboxOut
from outreach.web.api.spec import operation
from outreach.web.db import get_session


def emails_out(rows: list[OutboxMessage]) -> list[dict]:
    """Emails as EmailOut says, each with the files it carries."""
    carried = attachments_of(get_session(), [row.id for row in rows])
    return [EmailOut.model_validate(row).model_copy(update={
        "attachments": [AttachmentOut.model_validate(file) for file in carried.get(row.id, [])]}).model_dump(mode="json")
        for row in rows]


@operation("GET", "/mailboxes", "The mailboxes the token's owner may send from (their own first, then the team's), "
           "with today's count against the limit and what stops one", response=MailboxOut, list_response=True)
def list_mailboxes():
    session = get_session()
    boxes = visible_mailboxes(session, g.api_user)
    health = mailbox_health(session, boxes, utcnow())
    return jsonify([MailboxOut(
        id=box.id, name=box.name, email_address=box.email_address, team=box.owner_id is None,
        signs_in_with=box.oauth_provider or None, connected=box.connected, copy_to_sent=box.copy_to_sent,
        sent_today=health[box.id].sent_today,
        daily_limit=box.daily_limit, resting_until=box.resting_until, login_refused_since=box.login_refused_at,
        last_read_at=box.last_read_at, last_error=box.last_error).model_dump(mode="json") for box in boxes])


@operation("GET", "/entries/<int:entry_id>/emails", "An entry's emails from the app, newest first",
           response=EmailOut, list_response=True, errors=(403,))
def list_emails(entry_id: int):
    entry = entry_or_error(entry_id)
    return jsonify(emails_out(list(get_session().exec(
        select(OutboxMessage).where(OutboxMessage.entry_id == entry.id)
        .order_by(OutboxMessage.send_after.desc(), OutboxMessage.id.desc())))))


@operation("POST", "/entries/<int:entry_id>/emails",
           "Queue an email to the blogger (a pitch, or an answer to reply_id) through the send page's guards",
           body=EmailCreate, response=EmailOut, status=201, errors=(403, 404, 409))
def create_email(entry_id: int):
    entry = entry_or_error(entry_id)
    data = parse_body(EmailCreate)
    session = get_session()
    send_at = data.send_at.astimezone(timezone.utc) if data.send_at else None
    mailboxes = connected_mailboxes(session, g.api_user)
    mailbox = next((box for box in mailboxes if data.mailbox_id in (None, box.id)), None)
    if mailbox is None:
        raise ApiError(409, "No connected mailbox to send from." if data.mailbox_id is None else
                       f"No connected mailbox with id {data.mailbox_id} that you may send from.")
    if data.template_id is not None:
        get_or_404(PitchTemplate, data.template_id, "pitch template")
    reply = None
    if data.reply_id is not None:
        reply = get_or_404(Reply, data.reply_id, "reply")
        if reply.entry_id != entry.id:
            raise ApiError(404, f"No reply with id {data.reply_id} on this entry.")
    to_address = data.to_address or (answer_draft(session, reply).to_address if reply is not None else
                                     first_working_address(blogger_addresses(session, entry.blogger_id)))
    row = queue_email(session, g.api_user, entry, mailbox, reply=reply, to_address=to_address, subject=data.subject,
                      body=data.body, guard_days=current_app.config["PITCH_GUARD_DAYS"],
                      contact_again=data.contact_again, send_at=send_at, template_id=data.template_id,
                      file_ids=data.attachments)
    emails = ask_approvers(session, current_app.config, g.api_user, entry.campaign_id,
                           int(row.status == "awaiting_approval"))
    session.commit()
    send_alert_emails(current_app.config, emails)
    return jsonify(emails_out([row])[0]), 201


@operation("POST", "/emails/<int:email_id>/approval",
           "Approve a staff member's pitch waiting for approval, or send it back with what to change (managers)",
           body=ApprovalDecision, response=EmailOut, errors=(403, 404, 409, 422))
def decide_approval(email_id: int):
    row = get_or_404(OutboxMessage, email_id, "email")
    entry_or_error(row.entry_id)
    data = parse_body(ApprovalDecision)
    session = get_session()
    if data.decision == "approve":
        email = approve(session, g.api_user, row, current_app.config)
    else:
        email = send_back(session, g.api_user, row, data.note, current_app.config)
    session.commit()
    send_alert_emails(current_app.config, [email])
    return jsonify(emails_out([row])[0])
