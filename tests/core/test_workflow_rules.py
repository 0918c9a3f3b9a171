"""Workflow rules a new user tripped over: follow-ups kept, samples sent later, covered cards."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from outreach.core.models import AuditEvent, Sample, Stage, User
from outreach.core.pipeline import log_pitch, set_follow_up
from outreach.core.reports import ReportFilter, pipeline_report
from outreach.core.samples import record_sample, set_sample_status
from outreach.core.stages import PipelineError, stage_of_kind
from tests.factories import make_campaign_with_entries


@pytest.fixture
def manager(session, users):
    return session.get(User, users["manager"][0])


def test_pitch_without_a_follow_up_date_keeps_the_planned_one(session, manager):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    planned = date.today() + timedelta(days=5)
    set_follow_up(session, manager, entry, next_follow_up_on=planned)
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="Hi", follow_up_on=None)
    session.commit()
    assert entry.next_follow_up_on == planned
    later = planned + timedelta(days=3)
    log_pitch(session, manager, entry, channel="email", subject="Again", message="Hi", follow_up_on=later,
              is_follow_up=True)
    assert entry.next_follow_up_on == later


def test_planned_sample_can_be_marked_sent_and_then_counts(session, manager):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    sample = record_sample(session, manager, entry, Sample(item="Grinder", status="planned"))
    session.commit()
    assert sample.status == "planned" and pipeline_report(session, ReportFilter()).samples_sent == 0
    set_sample_status(session, manager, sample, "sent", tracking_number=" 1Z999 ", carrier="UPS")
    session.commit()
    assert (sample.status, sample.tracking_number, sample.carrier) == ("sent", "1Z999", "UPS")
    assert sample.sent_on == date.today()
    assert session.get(Stage, entry.stage_id).kind == "sample_sent"
    assert pipeline_report(session, ReportFilter()).samples_sent == 1
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.object_type == "sample")).all()
    assert "sample_sent" in actions
    with pytest.raises(PipelineError, match="Only a planned sample"):
        set_sample_status(session, manager, sample, "sent")


@pytest.mark.parametrize("given", [{"sent_on": date(2026, 1, 5)}, {"tracking_number": "1Z42"}])
def test_a_planned_sample_with_a_sent_date_or_tracking_is_stored_sent(session, manager, given):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    sample = record_sample(session, manager, entry, Sample(item="Beans", status="planned", **given))
    session.commit()
    assert sample.status == "sent"
    assert sample.sent_on == given.get("sent_on", date.today())
    assert session.get(Stage, entry.stage_id).kind == "sample_sent"
    assert pipeline_report(session, ReportFilter()).samples_sent == 1


def test_a_sample_without_either_stays_planned(session, manager):
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    sample = record_sample(session, manager, entry, Sample(item="Beans", status="planned"))
    assert sample.status == "planned" and sample.sent_on is None
    assert stage_of_kind(session, campaign.id, "shortlisted").id == entry.stage_id


def test_recent_contact_guard_ignores_this_entrys_own_pitch_and_names_the_pitcher(session, manager, users):
    from outreach.core.campaigns import create_campaign
    from outreach.core.models import Blogger
    from outreach.core.pipeline import add_blogger_to_campaign, pitch_warnings

    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    staff = session.get(User, users["staff"][0])
    log_pitch(session, staff, entry, channel="email", subject="Hello", message="", follow_up_on=None)
    blogger = session.get(Blogger, entry.blogger_id)
    assert pitch_warnings(session, blogger, campaign.id, 30, entry_id=entry.id) == []
    other = create_campaign(session, manager, "Winter launch")
    other_entry = add_blogger_to_campaign(session, manager, other, blogger.id)
    warnings = pitch_warnings(session, blogger, other.id, 30, entry_id=other_entry.id)
    assert warnings[0] == "Pitched today by Staff in 'Autumn launch' (guard: 30 days)."


def test_an_empty_pitch_is_refused(session, manager):
    from outreach.core.models import Pitch
    from outreach.core.pipeline import EmptyPitch

    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    with pytest.raises(EmptyPitch, match="an empty pitch is not logged"):
        log_pitch(session, manager, entry, channel="email", subject="  ", message="\n", follow_up_on=None)
    assert session.exec(select(Pitch)).all() == []


def test_relationship_follows_the_pipeline_until_set_by_hand(session, manager):
    from outreach.core.coverage import decide_coverage
    from outreach.core.models import Blogger, Coverage
    from outreach.core.pipeline import log_reply
    from outreach.core.relationships import FOLLOW_PIPELINE, set_relationship

    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    blogger = session.get(Blogger, entry.blogger_id)
    seen = [blogger.relationship_status]
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="", follow_up_on=None)
    seen.append(blogger.relationship_status)
    log_reply(session, manager, entry, channel="email", summary="Yes please", sentiment="positive")
    seen.append(blogger.relationship_status)
    record_sample(session, manager, entry, Sample(item="Grinder", status="sent"))
    seen.append(blogger.relationship_status)
    coverage = Coverage(entry_id=entry.id, url="https://b0.example/review", title="Review")
    session.add(coverage)
    session.flush()
    decide_coverage(session, manager, coverage, confirm=True)
    seen.append(blogger.relationship_status)
    assert seen == ["new", "pitched", "replied", "sample_sent", "covered"]
    assert blogger.relationship_set_by_hand is False

    set_relationship(session, manager, blogger, "advocate")
    log_pitch(session, manager, entry, channel="email", subject="Again", message="", follow_up_on=None)
    assert (blogger.relationship_status, blogger.relationship_set_by_hand) == ("advocate", True)
    set_relationship(session, manager, blogger, FOLLOW_PIPELINE)
    assert (blogger.relationship_status, blogger.relationship_set_by_hand) == ("covered", False)
    session.commit()
    changes = session.exec(select(AuditEvent).where(AuditEvent.action == "set_relationship")
                           .order_by(AuditEvent.id)).all()
    assert [(event.details["new"], event.details["by_hand"]) for event in changes] == [
        ("advocate", True), ("covered", False)]


def test_covered_and_closed_cards_drop_their_follow_up(session, manager):
    from outreach.core.stages import move_entry

    campaign, (covered, declined) = make_campaign_with_entries(session, manager.id)
    for entry, kind in ((covered, "covered"), (declined, "declined")):
        set_follow_up(session, manager, entry, next_follow_up_on=date.today() + timedelta(days=2))
        move_entry(session, manager, entry, stage_of_kind(session, campaign.id, kind), None)
        assert entry.next_follow_up_on is None


def test_moving_a_card_to_responded_logs_the_reply_once(session, manager):
    from outreach.core.models import Pitch, Reply
    from outreach.core.pipeline import BOARD_REPLY, log_reply, move_card

    campaign, (silent, answered) = make_campaign_with_entries(session, manager.id)
    responded = stage_of_kind(session, campaign.id, "responded")
    for entry in (silent, answered):
        log_pitch(session, manager, entry, channel="social", subject="Hello", message="", follow_up_on=None)
    log_reply(session, manager, answered, channel="social", summary="Sounds good", sentiment="positive")
    move_entry_back = stage_of_kind(session, campaign.id, "pitched")
    from outreach.core.stages import move_entry
    move_entry(session, manager, answered, move_entry_back, None)

    change, reply = move_card(session, manager, silent, responded, silent.version)
    assert change is not None and reply is not None
    assert (reply.summary, reply.channel, reply.logged_by_id) == (BOARD_REPLY, "social", manager.id)
    assert session.exec(select(Pitch.outcome).where(Pitch.entry_id == silent.id)).one() == "replied"
    change, reply = move_card(session, manager, answered, responded, answered.version)
    assert change is not None and reply is None  # its reply was already logged
    assert len(session.exec(select(Reply).where(Reply.entry_id == answered.id)).all()) == 1
