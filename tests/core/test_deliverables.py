"""What bloggers agreed to publish: recorded, published as a confirmed coverage post, cancelled."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from outreach.core.coverage import record_coverage
from outreach.core.deliverables import (
    cancel_deliverable,
    is_late,
    mark_published,
    record_deliverable,
    unclaimed_coverage,
)
from outreach.core.do_not_contact import mark_do_not_contact
from outreach.core.models import Blogger, Coverage, Deliverable, User
from outreach.core.stages import PipelineError
from tests.factories import make_campaign_with_entries


def test_a_deliverable_is_published_by_one_confirmed_post_of_its_entry(session, users):
    manager = session.get(User, users["manager"][0])
    campaign, (maya, leo) = make_campaign_with_entries(session, manager.id)
    review = record_deliverable(session, manager, maya, "  A review post ", date(2026, 12, 20))
    video = record_deliverable(session, manager, maya, "A video", None)
    assert (review.description, review.status) == ("A review post", "planned")
    assert is_late(review, date(2026, 12, 21)) and not is_late(review, date(2026, 12, 20))
    assert not is_late(video, date(2030, 1, 1))  # no day agreed: never late
    post = record_coverage(session, manager, maya, "https://maya.example/review")
    elsewhere = record_coverage(session, manager, leo, "https://leo.example/review")
    assert unclaimed_coverage(session, maya.id) == [post]
    with pytest.raises(PipelineError, match="confirmed coverage post of this blogger"):
        mark_published(session, manager, review, elsewhere)
    mark_published(session, manager, review, post)
    assert (review.status, review.coverage_id, review.published_on) == ("published", post.id, post.decided_at.date())
    assert not is_late(review, date(2027, 1, 1)) and unclaimed_coverage(session, maya.id) == []
    with pytest.raises(PipelineError, match="published already"):
        mark_published(session, manager, review, post)
    with pytest.raises(PipelineError, match="delivered another"):
        mark_published(session, manager, video, post)
    cancel_deliverable(session, manager, video)
    with pytest.raises(PipelineError, match="cancelled already"):
        cancel_deliverable(session, manager, video)
    session.commit()
    assert sorted(session.exec(select(Deliverable.status))) == ["cancelled", "published"]
    session.delete(session.get(Coverage, post.id))
    session.commit()
    session.expire_all()
    assert session.get(Deliverable, review.id).coverage_id is None  # the post went; the deliverable stays


def test_no_deliverable_is_agreed_with_a_blogger_on_the_do_not_contact_list(session, users):
    manager = session.get(User, users["manager"][0])
    campaign, (maya, _) = make_campaign_with_entries(session, manager.id)
    mark_do_not_contact(session, manager, session.get(Blogger, maya.blogger_id), "asked us to stop")
    with pytest.raises(PipelineError, match="do-not-contact"):
        record_deliverable(session, manager, maya, "A review post", None)
