"""@mentions in notes: who is named, who may open what the note is on, who gets an email."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.models import Note, Notification, User
from outreach.core.pipeline import add_note
from outreach.core.users import create_user
from tests.conftest import PASSWORD
from tests.factories import make_campaign_with_entries
from tests.local_mail import free_port, smtp_config


def told(session):
    return sorted(session.exec(select(User.email).join(Notification, Notification.user_id == User.id)
                               .where(Notification.kind == "note_mention")).all())


def test_colleagues_are_named_by_email_or_its_first_part_never_inside_an_address(session, users):
    manager = session.get(User, users["manager"][0])
    campaign, (maya,) = make_campaign_with_entries(session, manager.id, names=("Maya",))
    add_note(session, manager, maya.blogger_id, "@admin and @Staff@Example.com: she asked to write to maya@blog.example "
                                                "(cc @manager, who wrote this).")
    session.commit()
    assert told(session) == ["admin@example.com", "staff@example.com"]  # not the author, not blog.example
    note = session.exec(select(Notification).where(Notification.user_id == users["admin"][0])).one()
    assert note.title == "Manager mentioned you in a note on Maya" and note.url == f"/bloggers/{maya.blogger_id}/"


def test_a_first_part_two_colleagues_share_needs_the_whole_address(session, users):
    create_user(session, "ana@north.example", PASSWORD, "manager")
    create_user(session, "ana@south.example", PASSWORD, "manager")
    manager = session.get(User, users["manager"][0])
    _, (maya,) = make_campaign_with_entries(session, manager.id, names=("Maya",))
    add_note(session, manager, maya.blogger_id, "@ana, which of you? @ana@south.example.")
    session.commit()
    assert told(session) == ["ana@south.example"]


def test_a_note_on_an_entry_tells_only_who_may_open_its_campaign(session, users, smtp_server):
    controller, inbox = smtp_server
    manager = session.get(User, users["manager"][0])
    _, (maya,) = make_campaign_with_entries(session, manager.id, names=("Maya",))
    session.get(User, users["admin"][0]).email_alerts = False
    add_note(session, manager, maya.blogger_id, "@staff @admin: sample is out", entry=maya,
             settings=smtp_config(controller))
    session.commit()
    assert told(session) == ["admin@example.com"]  # staff are not members of this campaign
    assert inbox.messages == []  # and the admin takes alerts in the app alone
    note = session.exec(select(Notification)).one()
    assert note.url == f"/campaigns/entries/{maya.id}/"
    add_note(session, session.get(User, users["admin"][0]), maya.blogger_id, "Thanks @manager", entry=maya,
             settings=smtp_config(controller))
    session.commit()
    [(recipients, message)] = inbox.messages
    assert recipients == ["manager@example.com"] and message["Subject"] == "Outreach: Admin mentioned you in a note on Maya"


def test_a_note_is_kept_when_its_mention_email_cannot_go(session, users):
    manager = session.get(User, users["manager"][0])
    _, (maya,) = make_campaign_with_entries(session, manager.id, names=("Maya",))
    down = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": free_port(), "SMTP_FROM": "bot@outreach.example",
            "SMTP_STARTTLS": False, "SMTP_USERNAME": "", "SMTP_PASSWORD": ""}
    note = add_note(session, manager, maya.blogger_id, "@admin: she wants the sample in May", settings=down)
    session.commit()
    assert session.get(Note, note.id).body == "@admin: she wants the sample in May"
    assert told(session) == ["admin@example.com"]  # the alert in the app says it all the same
