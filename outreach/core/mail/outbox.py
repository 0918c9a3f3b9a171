"""The outbox: a message is written (its Message-ID fixed) before it is sent, sent once by one
scheduler, retried with backoff while the server is down, and recorded as the pitch it is.
A crash between sending and recording leaves the row "unsure", never sent twice."""

from __future__ import annotations

import logging
import re
import smtplib
from datetime import datetime, timedelta
from typing import Any, Mapping

from sqlalchemy import and_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from outreach.core.address_requests import fill_address_link
from outreach.core.alerts import send_alert_emails
from outreach.core.blocked_domains import block_of, refusal_for
from outreach.core.campaign_files import files_to_send, removed_attachments
from outreach.core.claims import claim_rows, release
from outreach.core.event_hooks import emit_for_entry, person
from outreach.core.mail.compose import build_message, envelope_address
from outreach.core.mail.connect import MailConnectionError, open_smtp
from outreach.core.mail.mailboxes import endpoints, mailbox_login
from outreach.core.mail.opt_out import add_opt_out, opt_out_link
from outreach.core.mail.refused_logins import logged_in, login_refused
from outreach.core.mail.secrets import MailKeyMissing, MailKeyWrong
from outreach.core.mail.sent_copies import close_all, keep_copy
from outreach.core.mail.sequences import hold_until, schedule_follow_ups, stop_reason
from outreach.core.mail.transmit import HandedOver, NeedsSMTPUTF8, transmit
from outreach.core.models import (
    SENDABLE_STATUSES,
    Blogger,
    Mailbox,
    OutboxMessage,
    PipelineEntry,
    User,
    utcnow,
)
from outreach.core.pipeline import log_pitch
from outreach.core.pitch_templates import left_to_fill

log = logging.getLogger(__name__)
BACKOFF_MINUTES = (1, 5, 15, 60, 240)  # then it gives up: six attempts over about five hours
# A provider's own sending limit: Gmail counts a rolling day; a deferral ("try later") is shorter.
LIMIT_CODE = re.compile(r"\b[45]\.4\.5\b")  # RFC 3463: "system congestion", which Gmail answers at its limit
LIMIT_WORDS = ("sending limit", "sending quota", "quotaexceeded", "quota exceeded", "rate limit", "too many messages",
               "message limit")
REST_AFTER_REFUSAL = timedelta(hours=24)
REST_AFTER_DEFERRAL = timedelta(hours=1)
BATCH = 20
LEASE_SECONDS = 300


def due(now: datetime):
    return and_(OutboxMessage.status.in_(SENDABLE_STATUSES), OutboxMessage.send_after <= now)


def send_due(engine: Engine, settings: Mapping[str, Any], now: datetime | None = None) -> int:
    """Send every due message no other scheduler holds; returns how many went."""
    now = now or utcnow()
    mark_interrupted(engine, now)
    sent = 0
    while True:
        with Session(engine) as session:
            claimed = claim_rows(session, OutboxMessage, due(now), now, limit=BATCH, lease_seconds=LEASE_SECONDS)
        if not claimed:
            return sent
        sent += send_claimed(engine, settings, claimed, now)


def send_claimed(engine: Engine, settings: Mapping[str, Any], claimed: list[int], now: datetime) -> int:
    """Send claimed rows, one SMTP connection per mailbox (and one IMAP connection for Sent copies)."""
    sent, connections, sent_folders = 0, {}, {}
    try:
        for row_id in claimed:
            with Session(engine) as session:
                row = session.get(OutboxMessage, row_id)
                sent += send_one(session, settings, row, connections, now, sent_folders)
    finally:
        close_all(sent_folders)
        for smtp in connections.values():
            if isinstance(smtp, smtplib.SMTP):
                try:
                    smtp.quit()
                except (OSError, smtplib.SMTPException):
                    pass
    return sent


def send_one(session: Session, settings: Mapping[str, Any], row: OutboxMessage, connections: dict, now: datetime,
             sent_folders: dict) -> bool:
    """Check, send and record one row; every outcome is written with the row before it is released."""
    mailbox = session.get(Mailbox, row.mailbox_id)
    problem = refusal(session, row)
    if problem:
        return finish(session, row, "cancelled" if row.step > 1 else "failed", problem)
    wait = hold_until(session, mailbox, now)
    if wait is not None:
        row.send_after = wait
        return finish(session, row, row.status, row.last_error)
    if not mailbox.connected:  # disconnected on purpose since it was queued: no login to try, nothing to alert
        return retry_later(session, row, f"{mailbox.name} is disconnected: connect it again, or send this from "
                                         "another mailbox.", now)
    try:
        smtp = connection_for(session, settings, mailbox, connections)
    except (MailConnectionError, MailKeyMissing, MailKeyWrong) as error:
        connections[mailbox.id] = error  # the batch's other messages for this mailbox wait too, untried
        emails = login_refused(session, settings, mailbox, error, now)
        retry_later(session, row, str(error), now)
        send_alert_emails(settings, emails)
        return False
    problem = fill_address_link(session, settings, row)
    if problem:
        return finish(session, row, "failed", problem)
    row.status, row.attempts = "sending", row.attempts + 1
    session.add(row)
    session.commit()  # from here on a crash leaves it "sending", then "unsure": never sent twice
    message = build_message(mailbox, row, now, files_to_send(session, row.id))
    add_opt_out(message, opt_out_link(settings, row, session.get(PipelineEntry, row.entry_id).blogger_id), settings)
    try:
        data = transmit(smtp, mailbox.email_address, envelope_address(row.to_address), message)
    except NeedsSMTPUTF8 as error:
        return finish(session, row, "failed", f"Not sent: {error}.")
    except HandedOver as error:
        drop_connection(connections, mailbox.id)
        return finish(session, row, "unsure", f"The connection to {mailbox.smtp_host} broke after the message was "
                                              f"handed over ({error}), so it may have gone: it is looked for in the "
                                              "Sent folder, or mark it sent or send it again.")
    except smtplib.SMTPRecipientsRefused as error:
        code, text = next(iter(error.recipients.values()))
        refusal_of_one = smtplib.SMTPResponseException(code, text)
        if reached_sending_limit(refusal_of_one):
            drop_connection(connections, mailbox.id)
            return rest(session, mailbox, row, refusal_of_one, now)
        return finish(session, row, "failed", f"The server refused {row.to_address}: {code} {text.decode(errors='replace')}")
    except smtplib.SMTPResponseException as error:
        if reached_sending_limit(error):
            drop_connection(connections, mailbox.id)
            return rest(session, mailbox, row, error, now)
        if 500 <= error.smtp_code < 600:
            return finish(session, row, "failed", f"The server refused the message: {error.smtp_code} "
                                                  f"{error.smtp_error.decode(errors='replace')}")
        drop_connection(connections, mailbox.id)
        return retry_later(session, row, f"The server answered {error.smtp_code}: try again later.", now)
    except (OSError, smtplib.SMTPException) as error:
        drop_connection(connections, mailbox.id)
        return retry_later(session, row, f"The connection to {mailbox.smtp_host} broke ({type(error).__name__}).", now)
    record_sent(session, row, now)  # committed before the copy, which never undoes it
    keep_copy(session, settings, mailbox, data, now, sent_folders)
    return True


def drop_connection(connections: dict, mailbox_id: int) -> None:
    """Forget the batch's connection to a mailbox's server, closing it (it may be broken already)."""
    smtp = connections.pop(mailbox_id, None)
    if isinstance(smtp, smtplib.SMTP):
        try:
            smtp.close()
        except OSError:
            pass


def reached_sending_limit(error: smtplib.SMTPResponseException) -> bool:
    """Whether the server refused because the mailbox sent too much (Gmail's "550 5.4.5 Daily user sending
    limit exceeded", Microsoft's SubmissionQuotaExceeded), not because of this message."""
    said = f"{error.smtp_code} {server_answer(error)}"
    return bool(LIMIT_CODE.search(said)) or any(sign in said.lower() for sign in LIMIT_WORDS)


def server_answer(error: smtplib.SMTPResponseException) -> str:
    answer = error.smtp_error
    return answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)


def rest(session: Session, mailbox: Mailbox, row: OutboxMessage, error: smtplib.SMTPResponseException,
         now: datetime) -> bool:
    """The provider's limit was reached: the mailbox rests (a day after a refusal, an hour after a "try
    later"), and the message waits for it, not counted as a failed attempt."""
    mailbox.resting_until = now + (REST_AFTER_REFUSAL if error.smtp_code >= 500 else REST_AFTER_DEFERRAL)
    mailbox.last_error = (f"The provider's sending limit was reached ({error.smtp_code} {server_answer(error)[:300]}): "
                          f"nothing is sent from this mailbox until {mailbox.resting_until:%Y-%m-%d %H:%M} UTC.")[:2000]
    session.add(mailbox)
    if row.status == "sending":
        row.status, row.attempts = ("queued" if row.step == 1 else "scheduled"), row.attempts - 1
    row.send_after = mailbox.resting_until
    return finish(session, row, row.status, mailbox.last_error)


def refusal(session: Session, row: OutboxMessage) -> str:
    """Why this row must not go at all: a follow-up's stop reason, the do-not-contact list, a blocked
    domain, merge fields left unfilled, or an attached file removed since."""
    if row.step > 1:
        reason = stop_reason(session, row)
        if reason:
            return f"Stopped: {reason}."
    blogger = session.get(Blogger, session.get(PipelineEntry, row.entry_id).blogger_id)
    if blogger.do_not_contact:
        return "Not sent: the blogger is on the do-not-contact list."
    block = block_of(session, row.to_address)  # blocked after the email was queued
    if block is not None:
        return f"Not sent: {refusal_for(block)}."
    unfilled = left_to_fill(f"{row.subject}\n{row.body}")
    if unfilled:
        return "Not sent: merge fields not filled: " + ", ".join(unfilled) + "."
    removed = removed_attachments(session, row.id)
    if removed:
        return "Not sent: its attached file " + ", ".join(removed) + " was removed from the campaign since."
    return ""


def connection_for(session: Session, settings, mailbox: Mailbox, connections: dict):
    """The batch's connection to the mailbox's server; a failure to connect is kept for the batch."""
    if mailbox.id not in connections:
        smtp_endpoint, _ = endpoints(session, mailbox)
        connections[mailbox.id] = open_smtp(smtp_endpoint, mailbox_login(session, mailbox, settings),
                                            settings.get("MAIL_CA_FILE", ""))
        logged_in(session, mailbox)
    if isinstance(connections[mailbox.id], Exception):
        raise connections[mailbox.id]
    return connections[mailbox.id]


def retry_later(session: Session, row: OutboxMessage, problem: str, now: datetime) -> bool:
    """Put the row back with its next attempt after a backoff, or give up after the last."""
    if row.status == "sending":
        row.status = "queued" if row.step == 1 else "scheduled"
    else:
        row.attempts += 1
    if row.attempts > len(BACKOFF_MINUTES):
        return finish(session, row, "failed", f"Gave up after {row.attempts} attempts: {problem}")
    row.send_after = now + timedelta(minutes=BACKOFF_MINUTES[row.attempts - 1])
    log.info("outbox message %s: %s; next attempt at %s", row.id, problem, row.send_after)
    return finish(session, row, row.status, problem)


def finish(session: Session, row: OutboxMessage, status: str, problem: str) -> bool:
    row.status, row.last_error = status, problem[:2000]
    if status in ("failed", "cancelled"):
        log.info("outbox message %s %s: %s", row.id, status, problem)
    release(row)
    session.add(row)
    session.commit()
    return False


def record_sent(session: Session, row: OutboxMessage, now: datetime) -> None:
    """The message went: record it as the entry's pitch or follow-up, then queue the sequence."""
    entry = session.get(PipelineEntry, row.entry_id)
    mailbox = session.get(Mailbox, row.mailbox_id)
    user = session.get(User, row.created_by_id or mailbox.owner_id or 0)
    row.status, row.sent_at, row.last_error = "sent", now, ""
    pitch = log_pitch(session, user, entry, channel="email", subject=row.subject, message=row.body,
                      follow_up_on=None, is_follow_up=row.step > 1 or row.is_answer, sent_at=now,
                      template_id=row.template_id)
    pitch.message_id = row.message_id
    row.pitch_id = pitch.id
    emit_for_entry(session, "email.sent", entry, by=person(user), email={
        "id": row.id, "to": row.to_address, "subject": row.subject, "step": row.step, "is_answer": row.is_answer,
        "sent_at": now.isoformat()})
    if row.step == 1 and not row.is_answer:
        schedule_follow_ups(session, row, user)
    release(row)
    session.add_all([row, pitch])
    session.commit()


def mark_interrupted(engine: Engine, now: datetime) -> int:
    """Rows left "sending" by a process that stopped: they may have gone, so they are not sent
    again by themselves; a person checks the Sent folder and decides."""
    with Session(engine) as session:
        result = session.exec(
            update(OutboxMessage)
            .where(OutboxMessage.status == "sending", OutboxMessage.claimed_until < now)
            .values(status="unsure", claimed_by="", claimed_until=None,
                    last_error="The app stopped while sending this message, so it may have gone. It is looked "
                               "for in the mailbox's Sent folder; if it stays here, check there yourself, then "
                               "mark it sent or send it again.")
        )
        session.commit()
        return result.rowcount


def pending_rows(session: Session, entry_id: int) -> list[OutboxMessage]:
    """An entry's messages, newest first, for its thread and its failures."""
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.entry_id == entry_id)
                             .order_by(OutboxMessage.send_after.desc(), OutboxMessage.id.desc())))
