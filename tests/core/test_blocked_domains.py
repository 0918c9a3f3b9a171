"""Blocked domains: what a person may type, which addresses a domain covers, and that no email
from the app goes to one, whether it was blocked before the email was written or after it was
queued (through a real SMTP server on 127.0.0.1)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from outreach.core.blocked_domains import DomainRefused, block_domain, block_of, normalise_domain, unblock_domain
from outreach.core.mail.outbox import send_due
from outreach.core.mail.pitching import SendRefused, blogger_addresses, first_working_address, queue_pitch
from outreach.core.models import AuditEvent, ContactDetail, OutboxMessage, User
from tests.mail_factories import entries_with_addresses, mail_settings, make_mailbox


@pytest.mark.parametrize("typed, stored", [
    ("Example.com", "example.com"),
    (" https://www.Example.com/about ", "example.com"),
    ("pr@News.Example.co.uk", "news.example.co.uk"),
    ("example.com/blog", "example.com"),
    ("bücher.de", "xn--bcher-kva.de"),
])
def test_a_domain_is_stored_as_one_form_whatever_was_typed(typed, stored):
    assert normalise_domain(typed) == stored


@pytest.mark.parametrize("typed", ["", "   ", "com", "localhost", "a..b", "-bad.com", "exa mple.com", "x" * 300 + ".com",
                                   "https://", "<script>.com"])
def test_what_is_not_a_domain_is_refused_with_a_reason(typed):
    with pytest.raises(DomainRefused, match="domain"):
        normalise_domain(typed)


def test_a_domain_covers_its_subdomains_and_nothing_beside_it(session, users):
    admin = session.get(User, users["admin"][0])
    block_domain(session, admin, "example.com", "a competitor's network")
    session.commit()
    for address in ("pr@example.com", "Editor@News.EXAMPLE.com", "a@b.c.example.com."):
        assert block_of(session, address).domain == "example.com"
    for address in ("pr@notexample.com", "pr@example.com.evil.org", "pr@example.co", "not an address", ""):
        assert block_of(session, address) is None
    with pytest.raises(DomainRefused, match="blocked already"):
        block_domain(session, admin, "www.example.com")
    unblock_domain(session, admin, "example.com")
    session.commit()
    assert block_of(session, "pr@example.com") is None
    actions = [event.action for event in session.exec(select(AuditEvent).where(AuditEvent.object_type == "blocked_domain"))]
    assert actions == ["blocked_domain", "unblocked_domain"]


def test_no_email_goes_to_a_blocked_domain_before_or_after_it_was_queued(session, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    staff = session.get(User, users["staff"][0])
    mailbox = make_mailbox(session, staff, smtp_port=controller.port)
    _, (maya, leo) = entries_with_addresses(session, staff)
    block_domain(session, staff, "blog.example", "the brand asked us to leave this network alone")
    session.commit()
    with pytest.raises(SendRefused, match="blog.example is on the team's blocked domains .the brand asked"):
        queue_pitch(session, staff, maya, mailbox, to_address="maya@blog.example", subject="Hi", body="Hi Maya",
                    guard_days=30)
    session.rollback()
    row = queue_pitch(session, staff, leo, mailbox, to_address="leo@trail.example", subject="Hi", body="Hi Leo",
                      guard_days=30)
    block_domain(session, staff, "trail.example")  # after the email was queued
    session.commit()
    assert send_due(engine, mail_settings()) == 0 and inbox.messages == []
    session.expire_all()
    failed = session.get(OutboxMessage, row.id)
    assert failed.status == "failed" and failed.last_error == "Not sent: trail.example is on the team's blocked domains."


def test_a_blogger_s_address_at_a_blocked_domain_is_passed_over_for_another(session, users):
    staff = session.get(User, users["staff"][0])
    _, (maya, _) = entries_with_addresses(session, staff)  # maya@blog.example
    session.add(ContactDetail(blogger_id=maya.blogger_id, kind="email", value="maya@own.example", found_by="by hand"))
    session.commit()
    assert first_working_address(blogger_addresses(session, maya.blogger_id)) == "maya@blog.example"
    block_domain(session, staff, "blog.example")
    session.commit()
    known = blogger_addresses(session, maya.blogger_id)
    assert [(a.value, a.blocked_domain) for a in known] == [("maya@own.example", ""), ("maya@blog.example", "blog.example")]
    assert first_working_address(known) == "maya@own.example"
    block_domain(session, staff, "own.example")
    session.commit()
    assert first_working_address(blogger_addresses(session, maya.blogger_id)) == ""  # none left to write to
