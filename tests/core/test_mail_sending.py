"""Sending from the app through a real SMTP server in the test process: the guards, the outbox
(sent once, retried, never twice after a crash), the sequence, the window and the limit."""

from __future__ import annotations

import email
import email.policy
import smtplib
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from outreach.core.mail.outbox import send_due
from outreach.core.mail.pitching import SendRefused, change_queued, queue_pitch
from outreach.core.mail.sequences import step_due
from outreach.core.models import (
    AuditEvent,
    Blogger,
    Mailbox,
    OutboxMessage,
    Pitch,
    Reply,
    SequenceStep,
    Stage,
    User,
    utcnow,
)
from outreach.core.pipeline import log_reply
from outreach.core.stages import ContactRefused
from tests.local_mail import free_port
from tests.mail_factories import entries_with_addresses, mail_settings, make_mailbox

SETTINGS = mail_settings()


@pytest.fixture
def staff(session, users):
    return session.get(User, users["staff"][0])


@pytest.fixture
def outbox_setup(session, staff, mail_smtp):
    controller, inbox = mail_smtp
    mailbox = make_mailbox(session, staff, smtp_port=controller.port)
    campaign, entries = entries_with_addresses(session, staff)
    return mailbox, campaign, entries, inbox


def queue(session, staff, entry, mailbox, **more):
    fields = {"to_address": "maya@blog.example", "subject": "Hello Maya", "body": "A new grinder, no pixel.",
              "guard_days": 30, **more}
    row = queue_pitch(session, staff, entry, mailbox, **fields)
    session.commit()
    return row


def test_a_pitch_goes_out_once_with_its_fixed_message_id_and_is_recorded(session, engine, staff, outbox_setup):
    mailbox, campaign, (entry, _), inbox = outbox_setup
    row = queue(session, staff, entry, mailbox)
    message_id = row.message_id
    assert send_due(engine, SETTINGS) == 1
    assert send_due(engine, SETTINGS) == 0
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == ["maya@blog.example"] and message["Message-ID"] == message_id
    assert message.get_content_type() == "text/plain" and "<img" not in message.get_payload()
    session.expire_all()
    pitch = session.exec(select(Pitch).where(Pitch.entry_id == entry.id)).one()
    assert pitch.message_id == message_id and pitch.channel == "email" and pitch.sent_by_id == staff.id
    assert session.get(Stage, session.get(type(entry), entry.id).stage_id).kind == "pitched"
    assert session.get(OutboxMessage, row.id).status == "sent"


def test_the_guards_of_a_logged_pitch_hold(session, staff, outbox_setup):
    mailbox, campaign, (entry, other), _ = outbox_setup
    with pytest.raises(SendRefused, match="first_name"):
        queue(session, staff, entry, mailbox, body="Hi {{ first_name }} {{ nickname }}")
    with pytest.raises(SendRefused, match="not an email address"):
        queue(session, staff, entry, mailbox, to_address="maya at blog")
    first = queue(session, staff, entry, mailbox)
    with pytest.raises(SendRefused, match="already queued"):  # a second click on Send
        queue(session, staff, entry, mailbox, contact_again=True)
    first.status = "sent"
    session.add(Pitch(entry_id=entry.id, channel="email", sent_by_id=staff.id))
    session.commit()
    with pytest.raises(SendRefused, match="pitched 0 days ago"):
        queue(session, staff, entry, mailbox)
    assert queue(session, staff, entry, mailbox, contact_again=True).status == "queued"
    blogger = session.get(Blogger, other.blogger_id)
    blogger.do_not_contact, blogger.do_not_contact_reason = True, "asked in March"
    session.commit()
    with pytest.raises(ContactRefused, match="asked in March"):
        queue(session, staff, other, mailbox, to_address="leo@blog.example")


def test_a_server_that_is_down_is_retried_with_backoff_and_the_failure_shows(session, engine, staff, mail_smtp):
    controller, inbox = mail_smtp
    mailbox = make_mailbox(session, staff, smtp_port=free_port())  # nothing listens there
    _, (entry, _) = entries_with_addresses(session, staff)
    row = queue(session, staff, entry, mailbox)
    now = utcnow()
    assert send_due(engine, SETTINGS, now) == 0
    session.expire_all()
    row = session.get(OutboxMessage, row.id)
    assert row.status == "queued" and row.attempts == 1 and row.send_after == now + timedelta(minutes=1)
    assert "nothing accepts connections" in row.last_error
    assert send_due(engine, SETTINGS, now + timedelta(seconds=30)) == 0  # not due yet
    mailbox = session.get(type(mailbox), mailbox.id)
    mailbox.smtp_port = controller.port
    session.commit()
    assert send_due(engine, SETTINGS, now + timedelta(minutes=2)) == 1
    assert len(inbox.messages) == 1


def test_a_crash_between_sending_and_recording_never_sends_twice(session, engine, staff, outbox_setup):
    mailbox, _, (entry, _), inbox = outbox_setup
    row = queue(session, staff, entry, mailbox)
    # What a scheduler that died after handing the message to the server leaves behind.
    row.status, row.claimed_by, row.claimed_until = "sending", "dead", utcnow() - timedelta(seconds=1)
    session.commit()
    assert send_due(engine, SETTINGS) == 0
    assert inbox.messages == []
    session.expire_all()
    row = session.get(OutboxMessage, row.id)
    assert row.status == "unsure" and "Sent folder" in row.last_error
    change_queued(session, staff, row, "mark_sent")  # a person found it in the Sent folder
    session.commit()
    assert inbox.messages == []
    pitch = session.exec(select(Pitch).where(Pitch.entry_id == entry.id)).one()
    assert pitch.message_id == row.message_id and session.get(OutboxMessage, row.id).status == "sent"


def test_the_sequence_follows_up_in_the_thread_and_stops_at_a_reply(session, engine, staff, outbox_setup):
    mailbox, campaign, (maya, leo), inbox = outbox_setup
    session.add(SequenceStep(campaign_id=campaign.id, position=2, delay_days=4, body="Any thoughts, {{ first_name }}?"))
    session.add(SequenceStep(campaign_id=campaign.id, position=3, delay_days=9, body="Last note from me."))
    session.commit()
    first = queue(session, staff, maya, mailbox)
    queue(session, staff, leo, mailbox, to_address="leo@blog.example", subject="Hello Leo")
    now = utcnow()
    assert send_due(engine, SETTINGS, now) == 2
    steps = session.exec(select(OutboxMessage).where(OutboxMessage.step > 1).order_by(OutboxMessage.id)).all()
    assert [(row.step, row.status) for row in steps] == [(2, "scheduled"), (3, "scheduled")] * 2
    assert steps[0].body == "Any thoughts, Maya?" and steps[0].subject == "Re: Hello Maya"
    log_reply(session, staff, leo, channel="email", summary="Yes!", sentiment="positive", received_at=now)
    session.commit()
    assert send_due(engine, SETTINGS, now + timedelta(days=5)) == 1
    follow_up = inbox.messages[-1][1]
    assert follow_up["In-Reply-To"] == first.message_id and follow_up["To"] == "maya@blog.example"
    session.expire_all()
    leo_steps = session.exec(select(OutboxMessage).where(OutboxMessage.entry_id == leo.id,
                                                         OutboxMessage.step == 2)).one()
    assert leo_steps.status == "cancelled" and "replied" in leo_steps.last_error
    assert session.exec(select(Pitch).where(Pitch.entry_id == maya.id, Pitch.is_follow_up)).one()


def test_a_step_in_working_days_skips_the_weekend_on_the_mailbox_s_calendar():
    step = SequenceStep(campaign_id=1, position=2, delay_days=2, working_days=True)
    friday_night = datetime(2026, 12, 4, 22, tzinfo=timezone.utc)  # already Saturday 11:00 in Auckland
    assert step_due(friday_night, step, "UTC") == datetime(2026, 12, 8, 22, tzinfo=timezone.utc)  # Tuesday
    assert step_due(friday_night, step, "Pacific/Auckland") == datetime(2026, 12, 7, 22, tzinfo=timezone.utc)
    # Across the end of summer time the step keeps the pitch's hour on the wall clock: 12:00 in Berlin.
    friday_noon = datetime(2026, 10, 23, 10, tzinfo=timezone.utc)
    assert step_due(friday_noon, step, "Europe/Berlin") == datetime(2026, 10, 27, 11, tzinfo=timezone.utc)
    step.working_days = False
    assert step_due(friday_noon, step, "Europe/Berlin") == datetime(2026, 10, 25, 10, tzinfo=timezone.utc)


def test_a_working_days_step_is_queued_for_after_the_weekend(session, engine, staff, outbox_setup):
    mailbox, campaign, (maya, _), _ = outbox_setup
    session.add(SequenceStep(campaign_id=campaign.id, position=2, delay_days=1, working_days=True, body="Any news?"))
    session.commit()
    queue(session, staff, maya, mailbox)
    friday = datetime(2030, 1, 4, 10, tzinfo=timezone.utc)
    assert send_due(engine, SETTINGS, friday) == 1
    step = session.exec(select(OutboxMessage).where(OutboxMessage.step == 2)).one()
    assert step.send_after == datetime(2030, 1, 7, 10, tzinfo=timezone.utc)  # Monday, not Saturday


def test_the_daily_limit_and_the_window_hold_messages_back(session, engine, staff, outbox_setup):
    mailbox, _, (maya, leo), inbox = outbox_setup
    mailbox.daily_limit = 1
    session.commit()
    queue(session, staff, maya, mailbox)
    queue(session, staff, leo, mailbox, to_address="leo@blog.example")
    now = (utcnow() + timedelta(days=1)).replace(hour=10)
    assert send_due(engine, SETTINGS, now) == 1
    held = session.exec(select(OutboxMessage).where(OutboxMessage.status == "queued")).one()
    assert held.send_after == (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    mailbox.daily_limit, mailbox.window_start_hour, mailbox.window_end_hour = 10, 12, 14
    session.commit()
    assert send_due(engine, SETTINGS, now + timedelta(days=1)) == 0  # 10:00 is before the window
    session.expire_all()
    assert session.get(OutboxMessage, held.id).send_after.hour == 12
    assert send_due(engine, SETTINGS, (now + timedelta(days=1)).replace(hour=12)) == 1
    assert len(inbox.messages) == 2


def test_the_window_and_the_daily_limit_follow_the_mailbox_s_clock(session, engine, staff, outbox_setup):
    mailbox, _, (maya, leo), inbox = outbox_setup
    mailbox.time_zone, mailbox.window_start_hour, mailbox.window_end_hour = "America/Los_Angeles", 9, 17
    session.commit()
    queue(session, staff, maya, mailbox)
    day = datetime(utcnow().year + 1, 1, 15, tzinfo=timezone.utc)  # ahead of now, and Los Angeles on UTC-8
    assert send_due(engine, SETTINGS, day.replace(hour=10)) == 0  # 10:00 UTC is 02:00 in Los Angeles
    session.expire_all()
    held = session.exec(select(OutboxMessage)).one()
    assert held.send_after == day.replace(hour=17)  # 09:00 there
    assert send_due(engine, SETTINGS, day.replace(hour=17, minute=30)) == 1
    mailbox = session.get(type(mailbox), mailbox.id)
    mailbox.daily_limit, mailbox.window_start_hour, mailbox.window_end_hour = 1, 0, 24
    session.commit()
    queue(session, staff, leo, mailbox, to_address="leo@blog.example")
    # 01:00 UTC the next day is still 17:00 the same day there: the day's one email is spent.
    assert send_due(engine, SETTINGS, day.replace(hour=1) + timedelta(days=1)) == 0
    session.expire_all()
    held = session.exec(select(OutboxMessage).where(OutboxMessage.status == "queued")).one()
    assert held.send_after == day.replace(hour=8) + timedelta(days=1)  # midnight there
    assert len(inbox.messages) == 1


def test_a_mailbox_that_rests_at_weekends_holds_its_emails_to_monday(session, engine, staff, outbox_setup):
    mailbox, _, (maya, _), inbox = outbox_setup
    mailbox.time_zone, mailbox.window_start_hour, mailbox.window_end_hour = "Europe/Berlin", 9, 17
    mailbox.send_on_weekends = False
    session.commit()
    queue(session, staff, maya, mailbox)
    year = utcnow().year + 1
    friday_evening = datetime(year, 1, 1, 17, tzinfo=timezone.utc)  # 18:00 in Berlin
    friday_evening += timedelta(days=(4 - friday_evening.weekday()) % 7)
    assert friday_evening.weekday() == 4
    assert send_due(engine, SETTINGS, friday_evening) == 0
    session.expire_all()
    monday_nine = friday_evening + timedelta(days=3) - timedelta(hours=9)  # 09:00 in Berlin (UTC+1)
    assert session.exec(select(OutboxMessage)).one().send_after == monday_nine
    assert send_due(engine, SETTINGS, friday_evening + timedelta(days=1, hours=-5)) == 0  # Saturday noon
    assert send_due(engine, SETTINGS, monday_nine) == 1 and len(inbox.messages) == 1


def test_a_reply_logged_by_hand_after_it_was_answered_is_not_waiting(session, staff, outbox_setup):
    _, _, (maya, _), _ = outbox_setup
    reply = log_reply(session, staff, maya, channel="email", summary="Hi", sentiment="neutral",
                      received_at=utcnow() - timedelta(hours=2))
    session.add(Pitch(entry_id=maya.id, sent_by_id=staff.id))
    session.commit()
    from outreach.core.pipeline import log_pitch

    log_pitch(session, staff, maya, channel="email", subject="Re", message="", follow_up_on=None, is_follow_up=True)
    session.commit()
    session.refresh(reply)
    assert reply.answered_at is not None


def test_audit_rows_never_hold_the_password(session, staff, outbox_setup):
    mailbox, *_ = outbox_setup
    assert "imap secret" not in mailbox.password_encrypted
    events = session.exec(select(AuditEvent).where(AuditEvent.object_type == "mailbox")).all()
    assert events and all("secret" not in str(event.details) for event in events)
    assert events[0].details["password_changed"] is True
    assert session.exec(select(Reply)).all() == []


def test_a_blogger_put_on_do_not_contact_after_queueing_is_not_sent_to(session, engine, staff, outbox_setup):
    mailbox, _, (entry, _), inbox = outbox_setup
    row = queue(session, staff, entry, mailbox)
    blogger = session.get(Blogger, entry.blogger_id)
    blogger.do_not_contact = True
    session.commit()
    assert send_due(engine, SETTINGS) == 0
    assert inbox.messages == []
    session.expire_all()
    row = session.get(OutboxMessage, row.id)
    assert row.status == "failed" and "do-not-contact" in row.last_error


def test_smtp_starttls_is_verified_and_a_server_without_it_is_named(session, staff, mail_smtp, mail_tls):
    import ssl

    from aiosmtpd.controller import Controller

    from outreach.core.mail.connect import Endpoint, Login, MailConnectionError, open_smtp
    from tests.local_mail import Inbox

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(mail_tls["cert"]), str(mail_tls["key"]))
    secured = Controller(Inbox(), hostname="127.0.0.1", port=free_port(), tls_context=context)
    secured.start()
    try:
        endpoint = Endpoint("SMTP", "127.0.0.1", secured.port, "starttls")
        with pytest.raises(MailConnectionError, match="certificate is not trusted") as refused:
            open_smtp(endpoint, Login("", ""))
        assert refused.value.part == "tls"
        smtp = open_smtp(endpoint, Login("", ""), str(mail_tls["ca"]))
        assert smtp.sock.version().startswith("TLS")
        smtp.quit()
    finally:
        secured.stop()
    plain, _ = mail_smtp
    with pytest.raises(MailConnectionError, match="does not offer STARTTLS"):
        open_smtp(Endpoint("SMTP", "127.0.0.1", plain.port, "starttls"), Login("", ""))
    with pytest.raises(MailConnectionError, match="without TLS is not allowed"):
        open_smtp(Endpoint("SMTP", "127.0.0.1", plain.port, "none"), Login("", ""))


class DroppingInbox:
    """Keeps the message, then drops the connection before answering: the sender cannot know."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        server.transport.close()
        return "250 OK"


def test_a_connection_that_breaks_after_the_data_leaves_the_message_unsure(session, engine, staff, users):
    from aiosmtpd.controller import Controller

    dropping = DroppingInbox()
    controller = Controller(dropping, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        mailbox = make_mailbox(session, staff, smtp_port=controller.port, username="")  # a relay without login
        _, (entry, _) = entries_with_addresses(session, staff)
        row = queue(session, staff, entry, mailbox)
        assert send_due(engine, SETTINGS) == 0
        assert send_due(engine, SETTINGS, utcnow() + timedelta(hours=1)) == 0  # not tried again
    finally:
        controller.stop()
    assert len(dropping.messages) == 1  # the server had it: a retry would have sent it twice
    session.expire_all()
    row = session.get(OutboxMessage, row.id)
    assert row.status == "unsure" and "after the message was handed over" in row.last_error


def test_an_address_beyond_ascii_goes_with_smtputf8_and_its_headers_in_utf8(session, engine, staff, outbox_setup):
    mailbox, campaign, (entry, _), inbox = outbox_setup
    row = queue(session, staff, entry, mailbox, to_address="josé@blog.example", subject="Olá José")
    assert send_due(engine, SETTINGS) == 1
    assert inbox.messages[0][0] == ["josé@blog.example"]
    # As UTF-8 (RFC 6532), not as an encoded word that no mail program could answer.
    message = email.message_from_bytes(inbox.raw[0], policy=email.policy.default)
    assert message["To"] == "josé@blog.example" and message["Subject"] == "Olá José"
    assert "josé@blog.example".encode() in inbox.raw[0] and b"=?utf-8?" not in inbox.raw[0]
    session.expire_all()
    assert session.get(OutboxMessage, row.id).status == "sent"


def test_an_internationalised_domain_goes_in_its_ascii_form_to_any_server(session, engine, staff, users):
    controller, inbox = ascii_only_smtp()
    try:
        mailbox = make_mailbox(session, staff, smtp_port=controller.port)
        campaign, (entry, other) = entries_with_addresses(session, staff)
        sent = queue(session, staff, entry, mailbox, to_address="maya@bücher.example")
        refused = queue(session, staff, other, mailbox, to_address="léo@blog.example", subject="Hello Leo")
        assert send_due(engine, SETTINGS) == 1
    finally:
        controller.stop()
    assert [(recipients, message["To"]) for recipients, message in inbox.messages] == \
        [(["maya@xn--bcher-kva.example"], "maya@xn--bcher-kva.example")]
    session.expire_all()
    assert session.get(OutboxMessage, sent.id).status == "sent"
    failed = session.get(OutboxMessage, refused.id)
    assert failed.status == "failed"
    assert failed.last_error == ("Not sent: the mail server does not take addresses with characters beyond ASCII "
                                 "(it has no SMTPUTF8), so léo@blog.example cannot be written to from this mailbox.")
    assert session.exec(select(Pitch).where(Pitch.entry_id == other.id)).first() is None


def ascii_only_smtp():
    """An SMTP server on 127.0.0.1 like mail_smtp's, without SMTPUTF8, and its inbox."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from tests.local_mail import Inbox

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), auth_require_tls=False,
                            authenticator=lambda *args: AuthResult(success=True, handled=False),
                            enable_SMTPUTF8=False)
    controller.start()
    return controller, inbox


class LimitedInbox:
    """A server at its sending limit, as Gmail answers one: every message refused after its data."""

    def __init__(self):
        self.attempts, self.open = 0, False
        self.accepted = []

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.open:
            self.accepted.append(envelope.content)
            return "250 2.0.0 OK"
        return ("550 5.4.5 Daily user sending limit exceeded. For more information on Gmail sending limits go to "
                "https://support.google.com/a/answer/166852")


def test_a_provider_s_sending_limit_rests_the_mailbox_instead_of_failing_the_pitches(session, engine, staff, users):
    from aiosmtpd.controller import Controller

    limited = LimitedInbox()
    controller = Controller(limited, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        mailbox = make_mailbox(session, staff, smtp_port=controller.port, username="")
        _, (maya, leo) = entries_with_addresses(session, staff)
        rows = [queue(session, staff, maya, mailbox), queue(session, staff, leo, mailbox, to_address="leo@blog.example")]
        now = utcnow()
        assert send_due(engine, SETTINGS, now) == 0
        assert limited.attempts == 1  # the second waits for the rest: no attempt spent on it
        session.expire_all()
        rested = session.get(Mailbox, mailbox.id)
        assert rested.resting_until == now + timedelta(hours=24)
        assert "sending limit was reached (550 5.4.5 Daily user sending limit exceeded" in rested.last_error
        for row in rows:
            row = session.get(OutboxMessage, row.id)
            assert row.status == "queued" and row.send_after >= now + timedelta(hours=24) and row.attempts == 0
        assert send_due(engine, SETTINGS, now + timedelta(hours=12)) == 0 and limited.attempts == 1
        limited.open = True  # a day later the provider takes mail again
        assert send_due(engine, SETTINGS, now + timedelta(hours=24, minutes=1)) == 2
    finally:
        controller.stop()
    assert len(limited.accepted) == 2


def test_a_refusal_of_the_message_itself_still_fails_it():
    from outreach.core.mail.outbox import reached_sending_limit

    assert reached_sending_limit(smtplib.SMTPDataError(554, b"5.2.0 STOREDRV.Submission.Exception:"
                                                            b"SubmissionQuotaExceededException"))
    assert reached_sending_limit(smtplib.SMTPDataError(421, b"4.7.0 Try again later, rate limit exceeded"))
    assert not reached_sending_limit(smtplib.SMTPDataError(550, b"5.7.1 Message rejected as spam"))
    assert not reached_sending_limit(smtplib.SMTPDataError(552, b"5.3.4 Message size exceeds fixed limit"))


def test_an_email_queued_from_a_mailbox_disconnected_since_waits_and_says_why(session, engine, staff, outbox_setup):
    from outreach.core.models import Notification

    mailbox, _, (maya, _), inbox = outbox_setup
    row = queue(session, staff, maya, mailbox)
    mailbox.is_active, mailbox.password_encrypted = False, ""  # what Disconnect does
    session.add(mailbox)
    session.commit()
    assert send_due(engine, SETTINGS) == 0 and inbox.messages == []
    session.expire_all()
    row = session.get(OutboxMessage, row.id)
    assert row.status == "queued" and "Press is disconnected: connect it again" in row.last_error
    assert session.exec(select(Notification)).all() == []  # not a refused login: nobody is alerted
