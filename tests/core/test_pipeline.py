"""Pipeline rules: default stages, moves with history, optimistic locking, guards."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from outreach.core.campaigns import create_campaign, remove_stage
from outreach.core.models import AuditEvent, PipelineEntry, Pitch, Stage, StageChange, User, utcnow
from outreach.core.pipeline import (
    add_blogger_to_campaign,
    add_note,
    log_pitch,
    log_reply,
    pitch_warnings,
    set_follow_up,
)
from outreach.core.samples import record_sample
from outreach.core.stages import (
    ContactRefused,
    PipelineError,
    StaleEntryError,
    campaign_stages,
    commit_entry_change,
    move_entry,
    stage_of_kind,
)
from tests.factories import make_blogger, make_campaign_with_entries


@pytest.fixture
def manager(session, users):
    return session.get(User, users["manager"][0])


def test_new_campaign_has_default_stages_in_order(session, manager):
    campaign, _ = make_campaign_with_entries(session, manager.id, names=())
    names = [stage.name for stage in campaign_stages(session, campaign.id)]
    assert names == ["Shortlisted", "Researching", "Pitched", "Responded", "Sample sent", "Covered",
                     "Ongoing relationship", "Declined", "No response"]


def test_blogger_is_added_once_per_campaign(session, manager):
    campaign, entries = make_campaign_with_entries(session, manager.id, names=("Maya",))
    with pytest.raises(PipelineError, match="already in the campaign"):
        add_blogger_to_campaign(session, manager, campaign, entries[0].blogger_id)


def test_move_records_stage_change_and_audit(session, manager):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    pitched = stage_of_kind(session, campaign.id, "pitched")
    move_entry(session, manager, entry, pitched, expected_version=entry.version)
    commit_entry_change(session)
    changes = session.exec(select(StageChange).where(StageChange.entry_id == entry.id)
                           .order_by(StageChange.id)).all()
    assert [(c.from_stage_name, c.to_stage_name) for c in changes] == [("", "Shortlisted"),
                                                                      ("Shortlisted", "Pitched")]
    assert changes[-1].changed_by_id == manager.id
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.object_id == entry.id,
                                                           AuditEvent.object_type == "pipeline_entry")).all()
    assert "moved" in actions


def test_stale_version_is_refused(session, manager):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    old_version = entry.version
    move_entry(session, manager, entry, stage_of_kind(session, campaign.id, "researching"), old_version)
    commit_entry_change(session)
    with pytest.raises(StaleEntryError, match="changed since you loaded it"):
        move_entry(session, manager, entry, stage_of_kind(session, campaign.id, "pitched"), old_version)


def test_concurrent_update_loses_nothing(engine, session, manager):
    """Two sessions load the same card; the second commit fails instead of overwriting."""
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    researching = stage_of_kind(session, campaign.id, "researching").id
    pitched = stage_of_kind(session, campaign.id, "pitched").id
    with Session(engine) as first, Session(engine) as second:
        entry_one = first.get(PipelineEntry, entry.id)
        entry_two = second.get(PipelineEntry, entry.id)
        move_entry(first, first.get(User, manager.id), entry_one, first.get(Stage, researching), None)
        commit_entry_change(first)
        move_entry(second, second.get(User, manager.id), entry_two, second.get(Stage, pitched), None)
        with pytest.raises(StaleEntryError):
            commit_entry_change(second)
    session.expire_all()
    assert session.get(PipelineEntry, entry.id).stage_id == researching


def test_first_pitch_moves_shortlisted_to_pitched(session, manager):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="Hi Maya",
              follow_up_on=None)
    commit_entry_change(session)
    assert session.get(Stage, entry.stage_id).kind == "pitched"
    assert entry.last_contact_at is not None


def test_reply_marks_pitch_replied_and_moves_to_responded(session, manager):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    pitch = log_pitch(session, manager, entry, channel="email", subject="Hi", message="",
                      follow_up_on=None)
    log_reply(session, manager, entry, channel="email", summary="Sounds good", sentiment="positive")
    commit_entry_change(session)
    assert session.get(Pitch, pitch.id).outcome == "replied"
    assert session.get(Stage, entry.stage_id).kind == "responded"


def test_do_not_contact_refuses_pitch(session, manager):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    from outreach.core.models import Blogger

    blogger = session.get(Blogger, entry.blogger_id)
    blogger.do_not_contact = True
    blogger.do_not_contact_reason = "asked us to stop"
    session.add(blogger)
    session.commit()
    with pytest.raises(ContactRefused):
        log_pitch(session, manager, entry, channel="email", subject="x", message="", follow_up_on=None)
    warnings = pitch_warnings(session, blogger, campaign.id, guard_days=30)
    assert warnings[0] == "Maya Pour is on the do-not-contact list (asked us to stop)."


def test_do_not_contact_holds_on_every_contact_path(session, manager):
    campaign, (entry, other) = make_campaign_with_entries(session, manager.id)
    from outreach.core.models import Blogger, Reply, Sample

    blogger = session.get(Blogger, entry.blogger_id)
    blogger.do_not_contact, blogger.do_not_contact_reason = True, "asked us to stop"
    session.commit()
    with pytest.raises(ContactRefused, match=r"asked us to stop\): the sample was not recorded"):
        record_sample(session, manager, entry, Sample(item="Kettle"))
    session.rollback()
    for kind in ("pitched", "responded", "sample_sent", "covered", "ongoing"):
        with pytest.raises(ContactRefused, match="the card was not moved"):
            move_entry(session, manager, entry, stage_of_kind(session, campaign.id, kind), entry.version)
    move_entry(session, manager, entry, stage_of_kind(session, campaign.id, "declined"), entry.version)
    session.commit()  # closing a card is not contact
    another = create_campaign(session, manager, "Winter launch")
    with pytest.raises(ContactRefused, match="not shortlisted"):
        add_blogger_to_campaign(session, manager, another, blogger.id)
    session.rollback()
    # What the blogger does is still recorded: a reply (even "please stop") moves no card by hand.
    log_reply(session, manager, entry, channel="email", summary="Please stop", sentiment="negative")
    session.commit()
    assert session.exec(select(Sample)).all() == [] and len(session.exec(select(Reply)).all()) == 1


def test_recent_pitch_by_colleague_warns(session, manager, users):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    staff = session.get(User, users["staff"][0])
    log_pitch(session, staff, entry, channel="email", subject="x", message="", follow_up_on=None,
              sent_at=utcnow() - timedelta(days=3))
    session.commit()
    from outreach.core.models import Blogger

    blogger = session.get(Blogger, entry.blogger_id)
    warnings = pitch_warnings(session, blogger, campaign.id, guard_days=30)
    assert any("Pitched 3 days ago by Staff in" in warning for warning in warnings)
    assert pitch_warnings(session, blogger, campaign.id, guard_days=2) == []


def test_active_in_another_campaign_warns(session, manager):
    from outreach.core.campaigns import create_campaign

    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    log_pitch(session, manager, entry, channel="email", subject="x", message="", follow_up_on=None,
              sent_at=utcnow() - timedelta(days=90))
    other = create_campaign(session, manager, "Spring push")
    session.commit()
    from outreach.core.models import Blogger

    blogger = session.get(Blogger, entry.blogger_id)
    assert pitch_warnings(session, blogger, other.id, guard_days=30) == [
        "Active in another campaign: Autumn launch."
    ]


def test_remove_stage_moves_cards_with_history(session, manager):
    campaign, entries = make_campaign_with_entries(session, manager.id)
    shortlisted = stage_of_kind(session, campaign.id, "shortlisted")
    researching = stage_of_kind(session, campaign.id, "researching")
    with pytest.raises(PipelineError, match="holds 2 cards"):
        remove_stage(session, manager, shortlisted, None)
    remove_stage(session, manager, shortlisted, researching)
    session.commit()
    stages = campaign_stages(session, campaign.id)
    assert stages[0].name == "Researching" and [s.position for s in stages] == list(range(8))
    for entry in entries:
        session.refresh(entry)
        assert entry.stage_id == researching.id
    history = session.exec(select(StageChange).where(StageChange.entry_id == entries[0].id)
                           .order_by(StageChange.id)).all()
    assert history[0].to_stage_name == "Shortlisted"  # the name survives the removal
    assert history[-1].to_stage_name == "Researching"


def test_new_blogger_helper_makes_blog(session):
    blogger = make_blogger(session, "Ana", slug="ana")
    session.commit()
    assert blogger.id is not None


def test_follow_up_and_owner_change_only_what_is_given_and_are_audited(session, manager, users):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    set_follow_up(session, manager, entry, next_follow_up_on=date(2026, 12, 24))
    set_follow_up(session, manager, entry, owner_id=None, via="api")
    session.commit()
    assert (entry.next_follow_up_on, entry.owner_id) == (date(2026, 12, 24), None)  # the date stayed
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "set_follow_up")
                          .order_by(AuditEvent.id)).all()
    assert [event.details for event in events] == [
        {"via": "web", "next_follow_up_on": "2026-12-24"}, {"via": "api", "owner_id": None}]
    staff_id = users["staff"][0]  # not a member of this campaign
    with pytest.raises(PipelineError, match="must be one"):
        set_follow_up(session, manager, entry, owner_id=staff_id)


def test_notes_on_a_blogger_and_on_an_entry(session, manager):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    on_entry = add_note(session, manager, entry.blogger_id, "Prefers email", entry=entry)
    on_blogger = add_note(session, manager, entry.blogger_id, "Met at a fair")
    session.commit()
    assert (on_entry.entry_id, on_blogger.entry_id) == (entry.id, None)
    details = [event.details for event in session.exec(select(AuditEvent).where(AuditEvent.action == "added_note"))]
    assert details == [{"blogger_id": entry.blogger_id, "entry_id": entry.id}, {"blogger_id": entry.blogger_id}]
