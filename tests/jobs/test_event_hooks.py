"""The team's event hooks: a reply, a move, confirmed coverage, a sent email and a mention each
reach the hooks told of them, signed, from the same queue as the monitors' webhooks; a change
rolled back is never announced, and a hook told of nothing else hears nothing."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from sqlmodel import Session, select
from werkzeug.wrappers import Response

from outreach.core.coverage import record_coverage
from outreach.core.event_hooks import HookError, pause_hook, save_hook, send_test
from outreach.core.mail.outbox import send_due
from outreach.core.mail.pitching import queue_pitch
from outreach.core.mentions import announce, record_mentions
from outreach.core.models import Blog, Post, Stage, User, WebhookDelivery, utcnow
from outreach.core.monitors import save_monitor
from outreach.core.pipeline import log_reply, move_card
from outreach.jobs.webhooks import deliver_due
from tests.mail_factories import KEY, entries_with_addresses, mail_settings, make_mailbox


@pytest.fixture
def receiver(site):
    """What a receiver at site.url + '/events' was sent: (headers, body) each."""
    received = []

    def take(request):
        received.append((dict(request.headers), request.get_data()))
        return Response("", status=204)

    site.route("/events", take)
    return received


def events_of(received) -> list[tuple[str, dict]]:
    return [(headers["X-Outreach-Event"], json.loads(body)) for headers, body in received]


def test_pipeline_events_reach_the_hooks_told_of_them_signed(engine, session, site, users, receiver, mail_smtp):
    admin = session.get(User, users["admin"][0])
    everything = save_hook(session, admin, None, name="PR channel", url=site.url + "/events",
                           events=["reply.received", "entry.moved", "coverage.confirmed", "email.sent",
                                   "mention.found"])
    save_hook(session, admin, None, name="Elsewhere", url=site.url + "/other", events=["email.sent"])
    session.commit()
    staff = session.get(User, users["staff"][0])
    campaign, (maya, _) = entries_with_addresses(session, staff)

    log_reply(session, staff, maya, channel="phone", summary="Loves it", sentiment="positive")
    session.commit()
    covered = session.exec(select(Stage).where(Stage.campaign_id == campaign.id, Stage.kind == "covered")).one()
    record_coverage(session, staff, maya, "https://maya.example/review", "The review")
    session.commit()
    # The reply, the card moved to Responded by it, the card moved to Covered by the coverage, the coverage.
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}) == 4
    assert sorted(event for event, _ in events_of(receiver)) == [
        "coverage.confirmed", "entry.moved", "entry.moved", "reply.received"]
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}) == 0 and len(receiver) == 4

    [reply] = [data for event, data in events_of(receiver) if event == "reply.received"]
    assert reply["event"] == "reply.received" and reply["data"]["campaign"]["name"] == "Autumn launch"
    assert (reply["data"]["blogger"]["name"], reply["data"]["reply"]["summary"]) == ("Maya Pour", "Loves it")
    assert reply["data"]["logged_by"]["email"] == "staff@example.com"
    moves = [data for event, data in events_of(receiver) if event == "entry.moved"]
    assert [move["data"]["to_stage"]["kind"] for move in moves] == ["responded", "covered"]
    assert moves[-1]["data"]["to_stage"]["id"] == covered.id and moves[-1]["data"]["by_hand"] is False
    [coverage] = [data for event, data in events_of(receiver) if event == "coverage.confirmed"]
    assert coverage["data"]["coverage"]["url"] == "https://maya.example/review"
    headers, body = receiver[0]
    expected = hmac.new(everything.webhook_secret.encode(), headers["X-Outreach-Timestamp"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    assert headers["X-Outreach-Signature"] == "sha256=" + expected


def test_a_sent_email_and_a_mention_are_told_and_a_rolled_back_change_is_not(engine, session, site, users, receiver,
                                                                          mail_smtp):
    controller, _ = mail_smtp
    admin = session.get(User, users["admin"][0])
    save_hook(session, admin, None, name="CRM", url=site.url + "/events", events=["email.sent", "mention.found"])
    session.commit()
    staff = session.get(User, users["staff"][0])
    mailbox = make_mailbox(session, staff, smtp_port=controller.port)
    _, (maya, leo) = entries_with_addresses(session, staff)
    queue_pitch(session, staff, maya, mailbox, to_address="maya@blog.example", subject="A grinder", body="Hi Maya",
                guard_days=30)
    session.commit()
    assert send_due(engine, mail_settings()) == 1

    moved = session.exec(select(Stage).where(Stage.campaign_id == leo.campaign_id, Stage.kind == "researching")).one()
    move_card(session, staff, leo, moved, leo.version)  # told of no move: nothing queued
    log_reply(session, staff, leo, channel="email", summary="No", sentiment="negative")
    session.rollback()  # and a reply rolled back is never announced

    manager = session.get(User, users["manager"][0])
    monitor = save_monitor(session, manager, None, name="Northbrew", terms="Northbrew")
    blog = session.exec(select(Blog).where(Blog.blogger_id == maya.blogger_id)).one()
    post = Post(blog_id=blog.id, key="n1", url="https://maya.example/n1", title="Coffee", published_at=utcnow(),
                text="My Northbrew grinder arrived.")
    session.add(post)
    session.flush()
    announce(session, record_mentions(session, [post.id]), {})
    session.commit()

    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True, "MAIL_KEY": KEY}) == 2
    (sent_event, sent), (mention_event, mention) = events_of(receiver)
    assert (sent_event, sent["data"]["email"]["subject"], sent["data"]["email"]["to"]) == (
        "email.sent", "A grinder", "maya@blog.example")
    assert mention_event == "mention.found" and mention["data"]["monitor"]["id"] == monitor.id
    assert mention["data"]["post"]["url"] == "https://maya.example/n1"
    with Session(engine) as fresh:
        assert sorted(row.event for row in fresh.exec(select(WebhookDelivery))) == ["email.sent", "mention.found"]


def test_a_hook_is_refused_without_an_address_or_events_and_a_test_reaches_it(engine, session, site, users, receiver):
    admin = session.get(User, users["admin"][0])
    for fields, says in (({"url": "ftp://x.example/", "events": ["entry.moved"]}, "only http and https"),
                         ({"url": "not an address", "events": ["entry.moved"]}, "address"),
                         ({"url": site.url + "/events", "events": []}, "Choose what"),
                         ({"url": site.url + "/events", "events": ["entry.moved", "everything"]}, "Choose what")):
        with pytest.raises(HookError, match=says):
            save_hook(session, admin, None, name="Bad", **fields)
    with pytest.raises(HookError, match="name"):
        save_hook(session, admin, None, name="  ", url=site.url + "/events", events=["entry.moved"])
    hook = save_hook(session, admin, None, name="Chat", url=site.url + "/events", events=["entry.moved"])
    send_test(session, admin, hook)
    session.commit()
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}) == 1
    [(event, body)] = events_of(receiver)
    assert event == "hook.test" and body["data"]["hook"] == {"id": hook.id, "name": "Chat"}


def test_a_paused_hook_hears_nothing_new_holds_what_waited_and_sends_it_when_resumed(engine, session, site, users,
                                                                                   receiver):
    admin = session.get(User, users["admin"][0])
    paused = save_hook(session, admin, None, name="CRM", url=site.url + "/events", events=["reply.received"])
    save_hook(session, admin, None, name="Chat", url=site.url + "/chat", events=["reply.received"])
    session.commit()
    site.route("/chat", body="", status=204)
    staff = session.get(User, users["staff"][0])
    _, (maya, leo) = entries_with_addresses(session, staff)
    log_reply(session, staff, maya, channel="email", summary="Before the pause", sentiment="neutral")
    session.commit()  # queued for both hooks
    assert pause_hook(session, admin, paused, True) and not pause_hook(session, admin, paused, True)
    log_reply(session, staff, leo, channel="email", summary="During the pause", sentiment="neutral")
    send_test(session, admin, paused)
    session.commit()

    # The other hook hears both replies; the paused one only its test, while Maya's reply waits.
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}) == 3
    assert [event for event, _ in events_of(receiver)] == ["hook.test"]
    assert len(site.hits("/chat")) == 2
    with Session(engine) as fresh:
        waiting = fresh.exec(select(WebhookDelivery).where(WebhookDelivery.delivered_at.is_(None))).all()
        assert [(row.hook_id, row.payload["data"]["reply"]["summary"]) for row in waiting] == [
            (paused.id, "Before the pause")]

    pause_hook(session, admin, paused, False)
    session.commit()
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}) == 1
    assert [data["data"].get("reply", {}).get("summary") for _, data in events_of(receiver)] == [
        None, "Before the pause"]  # never told of the reply logged while it was paused
    from outreach.core.models import AuditEvent

    assert session.exec(select(AuditEvent.action).where(AuditEvent.object_type == "event_hook",
                                                        AuditEvent.object_id == paused.id)
                        .order_by(AuditEvent.id)).all() == ["created_hook", "paused_hook", "resumed_hook"]


def test_events_about_a_forgotten_blogger_are_not_sent_and_old_deliveries_are_dropped(engine, session, site, users,
                                                                                   receiver):
    from datetime import timedelta

    from outreach.core.forgetting import forget_blogger
    from outreach.core.models import Blogger

    admin = session.get(User, users["admin"][0])
    save_hook(session, admin, None, name="CRM", url=site.url + "/events", events=["reply.received"])
    session.commit()
    staff = session.get(User, users["staff"][0])
    _, (maya, leo) = entries_with_addresses(session, staff)
    for entry in (maya, leo):
        log_reply(session, staff, entry, channel="email", summary="Hello there", sentiment="neutral")
    session.commit()
    forget_blogger(session, admin, session.get(Blogger, maya.blogger_id))
    session.commit()
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}) == 1
    [(_, told)] = events_of(receiver)
    assert told["data"]["blogger"]["name"] == "Leo Trail" and b"Maya" not in receiver[0][1]

    later = utcnow() + timedelta(days=31)
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}, later) == 0
    with Session(engine) as fresh:
        assert fresh.exec(select(WebhookDelivery)).all() == []  # delivered over 30 days ago: dropped


def test_an_event_waiting_follows_its_blogger_into_a_merge(session, site, users):
    from outreach.core.channels import merge_bloggers
    from tests.factories import make_blogger

    admin = session.get(User, users["admin"][0])
    save_hook(session, admin, None, name="CRM", url=site.url + "/events", events=["reply.received"])
    staff = session.get(User, users["staff"][0])
    _, (maya,) = entries_with_addresses(session, staff, names=("Maya Pour",))
    log_reply(session, staff, maya, channel="email", summary="Hello", sentiment="neutral")
    session.commit()
    twin = make_blogger(session, "Maya P.", slug="maya-twin")
    merge_bloggers(session, twin.id, maya.blogger_id, admin, reason="the same person")
    session.commit()
    assert session.exec(select(WebhookDelivery.blogger_id)).all() == [twin.id]


def test_a_move_that_loses_a_race_fails_at_its_commit_and_is_never_announced(engine, session, site, users):
    from outreach.core.models import PipelineEntry
    from outreach.core.stages import StaleEntryError, commit_entry_change, move_entry, stage_of_kind

    admin = session.get(User, users["admin"][0])
    save_hook(session, admin, None, name="CRM", url=site.url + "/events", events=["entry.moved"])
    session.commit()
    campaign, (entry, _) = entries_with_addresses(session, admin)
    researching = stage_of_kind(session, campaign.id, "researching").id
    pitched = stage_of_kind(session, campaign.id, "pitched").id
    with Session(engine) as first, Session(engine) as second:
        entry_one, entry_two = first.get(PipelineEntry, entry.id), second.get(PipelineEntry, entry.id)
        move_entry(first, first.get(User, admin.id), entry_one, first.get(Stage, researching), None)
        commit_entry_change(first)
        move_entry(second, second.get(User, admin.id), entry_two, second.get(Stage, pitched), None)
        with pytest.raises(StaleEntryError):
            commit_entry_change(second)
    with Session(engine) as fresh:
        [told] = fresh.exec(select(WebhookDelivery)).all()
    assert told.payload["data"]["to_stage"]["id"] == researching


def test_a_shortlisting_and_an_address_given_are_told(engine, session, site, users, receiver):
    from outreach.core.address_requests import ask_for_address, give_address, request_for_token
    from outreach.core.models import Sample

    admin = session.get(User, users["admin"][0])
    save_hook(session, admin, None, name="Shipping", url=site.url + "/events", events=["entry.added", "address.given"])
    session.commit()
    staff = session.get(User, users["staff"][0])
    _, (maya,) = entries_with_addresses(session, staff, names=("Maya Pour",))
    sample = Sample(entry_id=maya.id, item="Grinder", created_by_id=staff.id)
    session.add(sample)
    session.flush()
    token = ask_for_address(session, staff, sample, "key")
    session.commit()
    give_address(session, {}, request_for_token(session, token), "Maya Pour", "1 Bean Street\nLeeds", "the blue one")
    session.commit()
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}) == 2
    (added_event, added), (given_event, given) = events_of(receiver)
    assert (added_event, added["data"]["stage"]["name"], added["data"]["by"]["email"]) == (
        "entry.added", "Shortlisted", "staff@example.com")
    assert given_event == "address.given" and given["data"]["sample"] == {
        "id": sample.id, "item": "Grinder", "quantity": 1, "shipping_address": "Maya Pour\n1 Bean Street\nLeeds",
        "note": "the blue one"}
