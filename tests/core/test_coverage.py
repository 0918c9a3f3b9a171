"""Coverage detection: proposals from new posts, confirm or reject, Kaushik's measures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from outreach.core.coverage import (
    UnreadableAddress,
    decide_coverage,
    propose_coverage,
    record_coverage,
    update_measures,
)
from outreach.core.do_not_contact import mark_do_not_contact, remove_from_do_not_contact
from outreach.core.models import Blog, Blogger, Coverage, PipelineEntry, Post, Sample, Stage, User, utcnow
from outreach.core.pipeline import log_pitch
from outreach.core.samples import record_sample
from outreach.core.stages import PipelineError, StaleEntryError, move_entry, stage_of_kind
from tests.factories import make_campaign_with_entries


def setup(session, users, terms=("Northbrew", "Cold Kettle")):
    manager = session.get(User, users["manager"][0])
    campaign, (entry, other) = make_campaign_with_entries(session, manager.id)
    campaign.brand_terms = list(terms)
    session.add(campaign)
    blog = session.exec(select(Blog).where(Blog.blogger_id == entry.blogger_id)).one()
    return manager, campaign, entry, other, blog


def add_post(session, blog, title, text, days_ago=0, comments=None):
    post = Post(blog_id=blog.id, key=title, url=f"{blog.homepage_url}{len(title)}", title=title, text=text,
                published_at=utcnow() - timedelta(days=days_ago), comment_count=comments)
    session.add(post)
    session.flush()
    return post


def test_new_post_naming_brand_is_proposed_with_excerpt(session, users):
    manager, campaign, entry, _, blog = setup(session, users)
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="", follow_up_on=None,
              sent_at=utcnow() - timedelta(days=5))
    hit = add_post(session, blog, "My morning cup", "I finally tried the northbrew   cold kettle and loved it.",
                   comments=12)
    miss = add_post(session, blog, "Hiking", "A long walk, nothing about coffee brands at all.")
    near = add_post(session, blog, "Words", "Northbrewing is not the brand.")
    proposals = propose_coverage(session, blog.blogger_id, [hit.id, miss.id, near.id])
    session.commit()
    assert [p.post_id for p in proposals] == [hit.id]
    assert proposals[0].matched_terms == ["Northbrew", "Cold Kettle"]
    assert "northbrew   cold kettle" in proposals[0].excerpt and proposals[0].comments == 12
    assert propose_coverage(session, blog.blogger_id, [hit.id]) == []  # never twice


def test_not_proposed_before_contact_or_for_older_posts(session, users):
    manager, campaign, entry, _, blog = setup(session, users)
    early = add_post(session, blog, "Early", "Northbrew is great", days_ago=10)
    assert propose_coverage(session, blog.blogger_id, [early.id]) == []  # not pitched yet
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="", follow_up_on=None,
              sent_at=utcnow() - timedelta(days=5))
    assert propose_coverage(session, blog.blogger_id, [early.id]) == []  # published before the pitch


def test_confirm_moves_card_to_covered_and_reject_does_not(session, users):
    manager, campaign, entry, _, blog = setup(session, users)
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="", follow_up_on=None,
              sent_at=utcnow() - timedelta(days=5))
    first = add_post(session, blog, "One", "Northbrew review")
    second = add_post(session, blog, "Two", "Northbrew again")
    one, two = propose_coverage(session, blog.blogger_id, [first.id, second.id])
    decide_coverage(session, manager, two, confirm=False)
    session.commit()
    assert session.get(Stage, entry.stage_id).kind == "pitched"
    decide_coverage(session, manager, one, confirm=True)
    update_measures(session, manager, one, comments=12, shares=30, likes=200, economic_value=Decimal("150.00"))
    session.commit()
    assert session.get(Stage, entry.stage_id).kind == "covered"
    statuses = dict(session.exec(select(Coverage.post_id, Coverage.status)).all())
    assert statuses == {first.id: "confirmed", second.id: "rejected"}


def test_campaign_without_terms_proposes_nothing(session, users):
    manager, campaign, entry, _, blog = setup(session, users, terms=())
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="", follow_up_on=None)
    post = add_post(session, blog, "x", "Northbrew")
    assert propose_coverage(session, blog.blogger_id, [post.id]) == []


def test_coverage_found_by_hand_is_confirmed_and_moves_the_card(session, users):
    manager, campaign, entry, _, blog = setup(session, users)
    video = record_coverage(session, manager, entry, " https://video.example/watch?v=abc&utm_source=x ",
                            "  Unboxing the kettle ")
    session.commit()
    assert (video.url, video.title, video.status, video.post_id) == (
        "https://video.example/watch?v=abc", "Unboxing the kettle", "confirmed", None)
    assert video.decided_by_id == manager.id and video.disclosure is None  # not read yet
    assert session.get(Stage, entry.stage_id).kind == "covered"
    with pytest.raises(PipelineError, match="already counted"):
        record_coverage(session, manager, entry, "http://www.video.example/watch?v=abc")
    for typed in ("javascript:alert(1)", "ftp://video.example/x", "https://user:pw@video.example/", "http://"):
        with pytest.raises(UnreadableAddress, match="cannot be read"):
            record_coverage(session, manager, entry, typed)
    assert session.exec(select(Coverage)).all() == [video]  # nothing of the refused kept


def test_a_stored_post_added_by_hand_lends_its_text_and_a_proposal_is_confirmed(session, users):
    manager, campaign, entry, _, blog = setup(session, users)
    post = add_post(session, blog, "A gift", "Kindly gifted by Northbrew: the Cold Kettle.", days_ago=30, comments=3)
    added = record_coverage(session, manager, entry, post.url)
    assert (added.post_id, added.title, added.comments, added.disclosure) == (post.id, "A gift", 3, "kindly gifted")
    assert added.matched_terms == ["Northbrew", "Cold Kettle"] and "Kindly gifted" in added.excerpt
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="", follow_up_on=None,
              sent_at=utcnow() - timedelta(days=5))
    later = add_post(session, blog, "Again", "More Northbrew.")
    [proposal] = propose_coverage(session, blog.blogger_id, [later.id])
    decide_coverage(session, manager, proposal, confirm=False)
    assert record_coverage(session, manager, entry, later.url) is proposal  # a rejection undone, not a second row
    session.commit()
    assert proposal.status == "confirmed" and len(session.exec(select(Coverage)).all()) == 2


def test_entry_page_confirm_then_dashboard_counts_it(client, auth, session, users):
    manager, campaign, entry, _, blog = setup(session, users)
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="", follow_up_on=None,
              sent_at=utcnow() - timedelta(days=3))
    post = add_post(session, blog, "Cold brew day", "Testing the Northbrew kettle", comments=4)
    [proposal] = propose_coverage(session, blog.blogger_id, [post.id])
    session.commit()
    auth.login("manager@example.com")
    board = client.get(f"/campaigns/{campaign.id}/").data.decode()
    assert "Coverage to review" in board
    page = client.get(f"/campaigns/entries/{entry.id}/").data.decode()
    assert "Testing the Northbrew kettle" in page and "Confirm coverage" in page
    client.post(f"/campaigns/coverage/{proposal.id}/confirm")
    client.post(f"/campaigns/coverage/{proposal.id}/measures", data={
        f"coverage-{proposal.id}-shares": "30", f"coverage-{proposal.id}-likes": "200",
        f"coverage-{proposal.id}-comments": "4", f"coverage-{proposal.id}-economic_value": "150"})
    bad = client.post(f"/campaigns/coverage/{proposal.id}/measures",
                      data={f"coverage-{proposal.id}-shares": "-3", f"coverage-{proposal.id}-likes": "250"})
    assert bad.status_code == 400 and b"Measures must be whole numbers" in bad.data
    # What was typed comes back to be fixed; nothing of it is saved.
    assert f'name="coverage-{proposal.id}-shares" value="-3"' in bad.data.decode()
    assert f'name="coverage-{proposal.id}-likes" value="250"' in bad.data.decode()
    session.expire_all()
    saved = session.get(Coverage, proposal.id)
    assert (saved.status, saved.shares, saved.likes, saved.economic_value) == ("confirmed", 30, 200, Decimal("150.00"))
    assert session.get(Stage, session.get(type(entry), entry.id).stage_id).kind == "covered"
    dashboard = client.get(f"/dashboard/?campaign={campaign.id}").data.decode()
    assert '<span class="stat-number" data-stat="coverage">1</span>' in dashboard
    assert "Cold brew day" in dashboard
    csv_text = client.get(f"/dashboard/coverage.csv?campaign={campaign.id}").data.decode()
    assert "Cold brew day" in csv_text and ",30,200,150.00" in csv_text
    assert client.post("/campaigns/coverage/999/confirm").status_code == 404
    assert client.post(f"/campaigns/coverage/{proposal.id}/explode").status_code == 404


def test_what_a_card_shows_from_outside_its_row_moves_its_version_on(session, users):
    """Open boards redraw a card when its version moves: a proposal, a sample and the
    do-not-contact list are shown on the card without being in its row."""
    manager, campaign, entry, other, blog = setup(session, users)
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="", follow_up_on=None,
              sent_at=utcnow() - timedelta(days=5))
    session.commit()

    def versions_after(change):
        before = {row.id: row.version for row in session.exec(select(PipelineEntry))}
        change()
        session.commit()
        return {row.id: row.version - before[row.id] for row in session.exec(select(PipelineEntry))}

    post = add_post(session, blog, "Cup", "The Northbrew kettle, at last.")
    assert versions_after(lambda: propose_coverage(session, entry.blogger_id, [post.id])) == {entry.id: 1, other.id: 0}
    coverage = session.exec(select(Coverage)).one()
    assert versions_after(lambda: decide_coverage(session, manager, coverage, confirm=False)) == {entry.id: 1, other.id: 0}
    planned = Sample(item="Grinder", status="planned")
    assert versions_after(lambda: record_sample(session, manager, other, planned)) == {entry.id: 0, other.id: 1}
    leo = session.get(Blogger, other.blogger_id)
    assert versions_after(lambda: mark_do_not_contact(session, manager, leo, "asked us")) == {entry.id: 0, other.id: 1}
    assert versions_after(lambda: remove_from_do_not_contact(session, manager, leo)) == {entry.id: 0, other.id: 1}
    assert not leo.do_not_contact and leo.relationship_status == "cold"


def test_a_card_changed_from_outside_while_a_colleague_moves_it_is_no_error(session, engine, users):
    manager, campaign, entry, other, blog = setup(session, users)
    session.commit()
    loaded = session.get(PipelineEntry, other.id)  # this session read the card at its version
    read_version = loaded.version
    with Session(engine) as colleague:  # meanwhile a colleague moves it
        card = colleague.get(PipelineEntry, other.id)
        move_entry(colleague, colleague.get(User, manager.id), card, stage_of_kind(colleague, campaign.id, "researching"),
                   expected_version=card.version)
        colleague.commit()
    # The blogger goes on the do-not-contact list from the older read: no error, one version more.
    mark_do_not_contact(session, manager, session.get(Blogger, other.blogger_id), "asked us")
    session.commit()
    session.expire_all()
    assert session.get(PipelineEntry, other.id).version == read_version + 2
    # A move made from the card as it was read before both is refused as stale.
    with pytest.raises(StaleEntryError):
        move_entry(session, manager, session.get(PipelineEntry, other.id), stage_of_kind(session, campaign.id, "pitched"),
                   expected_version=read_version)
