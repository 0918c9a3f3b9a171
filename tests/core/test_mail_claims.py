"""Two schedulers on one database racing for one outbox: every message goes out exactly once."""

from __future__ import annotations

import threading
from collections import Counter

from sqlmodel import func, select

from outreach.core.db import make_engine
from outreach.core.mail.outbox import send_due
from outreach.core.mail.pitching import queue_pitch
from outreach.core.models import OutboxMessage, Pitch, User
from tests.factories import make_campaign_with_entries
from tests.mail_factories import mail_settings, make_mailbox


def test_two_schedulers_send_each_queued_message_once(session, database_url, users, mail_smtp):
    controller, inbox = mail_smtp
    staff = session.get(User, users["staff"][0])
    mailbox = make_mailbox(session, staff, smtp_port=controller.port)
    names = tuple(f"Blogger {number}" for number in range(30))
    _, entries = make_campaign_with_entries(session, staff.id, names=names)
    for number, entry in enumerate(entries):
        queue_pitch(session, staff, entry, mailbox, to_address=f"b{number}@blog.example", subject=f"Pitch {number}",
                    body="Hello", guard_days=30)
    session.commit()
    results, barrier = [], threading.Barrier(2)

    def scheduler():
        engine = make_engine(database_url)
        barrier.wait()
        results.append(send_due(engine, mail_settings()))
        engine.dispose()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(results) == 30
    message_ids = Counter(message["Message-ID"] for _, message in inbox.messages)
    assert len(message_ids) == 30 and set(message_ids.values()) == {1}
    assert session.exec(select(func.count()).select_from(Pitch)).one() == 30
    assert set(session.exec(select(OutboxMessage.status))) == {"sent"}


def test_two_schedulers_read_a_mailbox_once(session, database_url, users, mail_smtp, dovecot):
    from outreach.core.mail.reading import read_due
    from outreach.core.models import Mailbox, Reply, utcnow

    controller, _ = mail_smtp
    staff = session.get(User, users["staff"][0])
    mailbox = make_mailbox(session, staff, smtp_port=controller.port, imap_port=dovecot.port)
    _, (maya,) = make_campaign_with_entries(session, staff.id, names=("Maya Pour",))
    from outreach.core.models import ContactDetail

    session.add(ContactDetail(blogger_id=maya.blogger_id, kind="email", value="maya@blog.example"))
    box = session.get(Mailbox, mailbox.id)
    box.imap_uidvalidity, box.imap_last_uid = None, 0
    session.commit()
    first = make_engine(database_url)
    read_due(first, mail_settings())  # the first read starts at the end of INBOX
    first.dispose()
    for number in range(10):
        dovecot.deliver("pr@example.test", (f"From: maya@blog.example\r\nTo: pr@example.test\r\nSubject: Re {number}\r\n"
                                            f"Message-ID: <m{number}@blog.example>\r\n\r\nReply {number}\r\n").encode())
    box = session.get(Mailbox, mailbox.id)
    box.next_read_at = utcnow()
    session.commit()
    counts, barrier = [], threading.Barrier(2)

    def scheduler():
        engine = make_engine(database_url)
        barrier.wait()
        counts.append(sum(read_due(engine, mail_settings()).values()))
        engine.dispose()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(counts) == [0, 10]
    session.expire_all()
    assert session.exec(select(func.count()).select_from(Reply)).one() == 10
