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
