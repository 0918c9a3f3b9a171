"""Pitches that wait for a manager's approval, through a real SMTP server on 127.0.0.1: staff's
wait, managers' go; approved they go, sent back they never do; their author hears either way."""

from __future__ import annotations

import pytest
from sqlmodel import select

from outreach.core.errors import Refused
from outreach.core.mail.approval import approve, awaiting_approval, send_back
from outreach.core.mail.outbox import send_due
from outreach.core.mail.pitching import SendRefused, change_queued, queue_pitch
from outreach.core.models import CampaignMember, Notification, OutboxMessage, User
from tests.mail_factories import entries_with_addresses, mail_settings, make_mailbox

SETTINGS = mail_settings()


@pytest.fixture
def approval_setup(session, users, mail_smtp):
    controller, inbox = mail_smtp
    staff, manager = (session.get(User, users[role][0]) for role in ("staff", "manager"))
    mailbox = make_mailbox(session, staff, smtp_port=controller.port)
    campaign, entries = entries_with_addresses(session, staff)
    campaign.pitches_need_approval = True
    session.add(CampaignMember(campaign_id=campaign.id, user_id=manager.id))
    session.commit()
    return staff, manager, mailbox, entries, inbox


def pitch(session, user, entry, mailbox, to_address="maya@blog.example"):
    row = queue_pitch(session, user, entry, mailbox, to_address=to_address, subject="A grinder for you",
                      body="Hi, a new grinder.", guard_days=30)
    session.commit()
    return row


def test_a_staff_pitch_waits_until_a_manager_approves_it(session, engine, approval_setup):
    staff, manager, mailbox, (maya, leo), inbox = approval_setup
    waiting = pitch(session, staff, maya, mailbox)
    assert waiting.status == "awaiting_approval"
    assert send_due(engine, SETTINGS) == 0 and inbox.messages == []
    with pytest.raises(SendRefused, match="already awaiting approval"):
        pitch(session, staff, maya, mailbox)
    assert pitch(session, manager, leo, mailbox, "leo@blog.example").status == "queued"  # a manager's goes
    assert [row.id for row in awaiting_approval(session, manager)[0]] == [waiting.id]
    assert awaiting_approval(session, staff) == ([], 0)  # staff approve nothing
    with pytest.raises(Refused, match="Only a manager or an admin"):
        approve(session, staff, waiting, SETTINGS)
    approve(session, manager, waiting, SETTINGS)
    session.commit()
    assert waiting.status == "queued"
    assert send_due(engine, SETTINGS) == 2
    assert sorted(message["To"] for _, message in inbox.messages) == ["leo@blog.example", "maya@blog.example"]
    [note] = session.exec(select(Notification).where(Notification.user_id == staff.id)).all()
    assert note.title == "Approved: your pitch to maya@blog.example" and note.kind == "pitch_approval"
    with pytest.raises(Refused, match="not waiting for approval"):
        approve(session, manager, session.get(OutboxMessage, waiting.id), SETTINGS)


def test_a_pitch_sent_back_never_goes_and_its_author_reads_why(session, engine, approval_setup):
    staff, manager, mailbox, (maya, _), inbox = approval_setup
    waiting = pitch(session, staff, maya, mailbox)
    with pytest.raises(Refused, match="Say what to change"):
        send_back(session, manager, waiting, "  ", SETTINGS)
    send_back(session, manager, waiting, "Name her latest review first.", SETTINGS)
    session.commit()
    assert waiting.status == "cancelled" and waiting.last_error == "Sent back by Manager: Name her latest review first."
    assert send_due(engine, SETTINGS) == 0 and inbox.messages == []
    [note] = session.exec(select(Notification).where(Notification.user_id == staff.id)).all()
    assert note.title == "Sent back: your pitch to maya@blog.example" and "Name her latest review first." in note.body
    assert pitch(session, staff, maya, mailbox).status == "awaiting_approval"  # written again, it waits again


def test_a_staff_edit_of_an_approved_pitch_asks_again(session, engine, approval_setup):
    staff, manager, mailbox, (maya, _), _ = approval_setup
    row = pitch(session, staff, maya, mailbox)
    approve(session, manager, row, SETTINGS)
    session.commit()
    change_queued(session, manager, row, "edit", subject="A grinder for you", body="Hi Maya, a new grinder.")
    assert row.status == "queued"  # a manager's own edit stands approved
    change_queued(session, staff, row, "edit", subject="A grinder for you!", body="Hi Maya, a new grinder!")
    assert row.status == "awaiting_approval"
