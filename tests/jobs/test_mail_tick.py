"""The scheduler's mail tick: what the outbox holds goes out, then the mailbox's replies come back."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from outreach.core.mail.pitching import queue_pitch
from outreach.core.models import Mailbox, OutboxMessage, Reply, User, utcnow
from outreach.jobs.scheduler import run_mail_tick
from tests.mail_factories import entries_with_addresses, mail_settings, make_mailbox


def test_one_tick_sends_the_pitch_and_a_later_tick_reads_the_reply(session, engine, users, mail_smtp, dovecot):
    controller, inbox = mail_smtp
    staff = session.get(User, users["staff"][0])
    mailbox = make_mailbox(session, staff, smtp_port=controller.port, imap_port=dovecot.port)
    _, (maya, _) = entries_with_addresses(session, staff)
    row = queue_pitch(session, staff, maya, mailbox, to_address="maya@blog.example", subject="Hello",
                      body="A grinder?", guard_days=30)
    session.commit()
    settings = mail_settings(MAIL_ANSWER_ALERT_HOURS=4.0, MAIL_WORKING_HOURS=(9, 17))
    run_mail_tick(engine, settings)
    assert [message["Message-ID"] for _, message in inbox.messages] == [row.message_id]
    dovecot.deliver("pr@example.test", (f"From: maya@blog.example\r\nTo: pr@example.test\r\nSubject: Re: Hello\r\n"
                                        f"In-Reply-To: {row.message_id}\r\n\r\nYes!\r\n").encode())
    box = session.get(Mailbox, mailbox.id)
    box.next_read_at = utcnow() - timedelta(seconds=1)  # due again, as after its interval
    session.commit()
    run_mail_tick(engine, settings)
    session.expire_all()
    assert session.exec(select(Reply.summary)).all() == ["Yes!"]
    assert session.exec(select(OutboxMessage.status)).all() == ["sent"]
