"""Bulk actions in the core: each item through the single-change rules, each audited, each
refusal with its reason, the others done."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from outreach.core.bulk import BULK_LIMIT, BulkAction, BulkRefused, bulk_blogs, bulk_entries
from outreach.core.campaigns import CampaignArchived, create_campaign
from outreach.core.models import AuditEvent, Blog, Blogger, PipelineEntry, StageChange, User
from outreach.core.stages import stage_of_kind
from tests.factories import make_campaign_with_entries


@pytest.fixture
def board(session, users):
    manager = session.get(User, users["manager"][0])
    campaign, entries = make_campaign_with_entries(session, manager.id, names=("Ann", "Ben", "Cat"))
    return manager, campaign, entries


def audit_count(session, action):
    return session.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)).one()


def test_bulk_move_moves_each_card_with_history_and_refuses_do_not_contact(session, board):
    manager, campaign, (ann, ben, cat) = board
    session.get(Blogger, ben.blogger_id).do_not_contact = True
    session.get(Blogger, ben.blogger_id).do_not_contact_reason = "asked us to stop"
    session.commit()
    pitched = stage_of_kind(session, campaign.id, "pitched")
    result = bulk_entries(session, manager, campaign, {ann.id: ann.version, ben.id: None, cat.id: None},
                          BulkAction("move", stage=pitched))
    session.commit()
    assert result.done == [ann.id, cat.id]
    assert [refusal.item_id for refusal in result.refused] == [ben.id]
    assert "Ben: Ben is on the do-not-contact list (asked us to stop)" in result.refused[0].message
    assert session.get(PipelineEntry, ann.id).stage_id == pitched.id
    assert session.get(PipelineEntry, ben.id).stage_id != pitched.id
    assert session.exec(select(func.count()).select_from(StageChange)
                        .where(StageChange.to_stage_id == pitched.id)).one() == 2
    assert audit_count(session, "moved") == 2 and audit_count(session, "bulk_move") == 1
    assert result.summary() == "Moved 2 items; 1 refused."


def test_a_card_changed_since_it_was_seen_is_refused(session, board):
    manager, campaign, (ann, ben, _) = board
    researching = stage_of_kind(session, campaign.id, "researching")
    result = bulk_entries(session, manager, campaign, {ann.id: ann.version + 1, ben.id: ben.version},
                          BulkAction("move", stage=researching))
    assert result.done == [ben.id]
    assert "changed since you loaded it" in result.refused[0].message


def test_owner_follow_up_and_do_not_contact(session, board, users):
    manager, campaign, (ann, ben, cat) = board
    staff = session.get(User, users["staff"][0])
    every = {ann.id: None, ben.id: None, cat.id: None}
    owner = bulk_entries(session, manager, campaign, every, BulkAction("set_owner", owner_id=staff.id))
    assert owner.done == [] and "the owner must be one" in owner.refused[0].message  # staff is no member
    listed = bulk_entries(session, manager, campaign, {cat.id: None}, BulkAction("do_not_contact", reason="lawyer"))
    assert listed.done == [cat.id] and session.get(Blogger, cat.blogger_id).do_not_contact_reason == "lawyer"
    follow = bulk_entries(session, manager, campaign, every, BulkAction("set_follow_up", follow_up_on=date(2030, 1, 2)))
    session.commit()
    assert follow.done == [ann.id, ben.id]
    assert "no follow-up was set" in follow.refused[0].message
    assert session.get(PipelineEntry, ann.id).next_follow_up_on == date(2030, 1, 2)
    assert session.get(PipelineEntry, cat.id).next_follow_up_on is None
    assert audit_count(session, "set_follow_up") == 2 and audit_count(session, "added_do_not_contact") == 1


def test_add_to_another_campaign_and_whole_request_refusals(session, board):
    manager, campaign, (ann, ben, _) = board
    other = create_campaign(session, manager, "Spring")
    session.commit()
    added = bulk_entries(session, manager, campaign, {ann.id: None, ben.id: None},
                         BulkAction("add_to_campaign", campaign=other))
    again = bulk_entries(session, manager, campaign, {ann.id: None}, BulkAction("add_to_campaign", campaign=other))
    session.commit()
    assert len(added.done) == 2 and "already in the campaign" in again.refused[0].message
    with pytest.raises(BulkRefused, match="at most"):
        bulk_entries(session, manager, campaign, dict.fromkeys(range(1, BULK_LIMIT + 2)), BulkAction("move"))
    with pytest.raises(BulkRefused, match="Choose an action"):
        bulk_entries(session, manager, campaign, {ann.id: None}, BulkAction("delete"))
    other.is_archived = True
    with pytest.raises(CampaignArchived):
        bulk_entries(session, manager, campaign, {ann.id: None}, BulkAction("add_to_campaign", campaign=other))


def test_bulk_blogs_shortlists_and_lists(session, board):
    manager, campaign, _ = board
    loose = Blog(feed_url="https://loose.example/feed", title="Loose ends")
    session.add(loose)
    session.commit()
    taken = session.exec(select(Blog).where(Blog.title == "Ann's blog")).one()
    result = bulk_blogs(session, manager, [loose.id, taken.id, 999_999], BulkAction("add_to_campaign", campaign=campaign))
    session.commit()
    assert result.done == [loose.id]
    assert {refusal.item_id for refusal in result.refused} == {taken.id, 999_999}
    assert session.get(Blog, loose.id).blogger_id is not None  # given a blogger to shortlist
    listed = bulk_blogs(session, manager, [taken.id], BulkAction("do_not_contact", reason="no"))
    again = bulk_blogs(session, manager, [taken.id], BulkAction("do_not_contact"))
    assert listed.done == [taken.id] and "already on the do-not-contact list" in again.refused[0].message
