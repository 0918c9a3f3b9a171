"""A campaign started from another: settings, stages, members and sequence come along; its
bloggers only as asked, the do-not-contact list holding; nothing logged comes along."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.campaign_files import add_file
from outreach.core.campaigns import campaign_member_ids, set_members
from outreach.core.models import (
    Blogger,
    Campaign,
    CampaignFile,
    PipelineEntry,
    Pitch,
    SequenceStep,
    Stage,
    User,
    utcnow,
)
from outreach.core.pipeline import log_pitch
from outreach.core.stages import move_entry, stage_of_kind
from tests.factories import make_campaign_with_entries


def autumn(session, users):
    """Maya covered, Leo pitched, Ana covered but on the do-not-contact list since; a renamed stage,
    a staff member and a sequence step."""
    manager = session.get(User, users["manager"][0])
    campaign, (maya, leo, ana) = make_campaign_with_entries(session, manager.id, names=("Maya", "Leo", "Ana"))
    campaign.brand_terms, campaign.avoid_terms, campaign.coverage_goal = ["Northbrew"], ["Rivalbrew"], 6
    session.exec(select(Stage).where(Stage.campaign_id == campaign.id, Stage.kind == "researching")).one().name = "Vetting"
    session.add(SequenceStep(campaign_id=campaign.id, position=2, delay_days=5, body="Any thoughts, {{ first_name }}?"))
    set_members(session, campaign, [manager.id, users["staff"][0]])
    for entry in (maya, ana):
        move_entry(session, manager, entry, stage_of_kind(session, campaign.id, "covered"), None)
    log_pitch(session, manager, leo, channel="email", subject="Hi", message="", follow_up_on=None, sent_at=utcnow())
    session.get(Blogger, ana.blogger_id).do_not_contact = True
    add_file(session, manager, campaign.id, "lookbook.txt", b"Autumn colours")
    session.commit()
    return campaign


def test_a_manager_copies_a_campaign_with_the_bloggers_it_won(client, auth, session, users):
    source = autumn(session, users)
    auth.login("staff@example.com")
    assert client.get(f"/campaigns/{source.id}/copy").status_code == 403
    auth.logout()
    auth.login("manager@example.com")
    page = client.get(f"/campaigns/{source.id}/copy").get_data(as_text=True)
    assert 'value="Autumn launch (copy)"' in page
    taken = client.post(f"/campaigns/{source.id}/copy", data={"name": "Autumn launch", "bloggers": "won"})
    assert taken.status_code == 400 and b"already exists" in taken.data
    bad = client.post(f"/campaigns/{source.id}/copy", data={"name": "Spring", "bloggers": "everyone"})
    assert bad.status_code == 400
    made = client.post(f"/campaigns/{source.id}/copy", data={"name": "Spring launch", "bloggers": "won"},
                       follow_redirects=True)
    text = made.get_data(as_text=True)
    assert "made from &#39;Autumn launch&#39;, with 1 blogger shortlisted. Not brought: Ana: on the do-not-contact" in text
    copy = session.exec(select(Campaign).where(Campaign.name == "Spring launch")).one()
    assert (copy.brand, copy.brand_terms, copy.avoid_terms, copy.coverage_goal) == ("Northbrew", ["Northbrew"],
                                                                                     ["Rivalbrew"], 6)
    assert [s.name for s in session.exec(select(Stage).where(Stage.campaign_id == copy.id).order_by(Stage.position))] \
        == [s.name for s in session.exec(select(Stage).where(Stage.campaign_id == source.id).order_by(Stage.position))]
    assert "Vetting" in text
    assert sorted(campaign_member_ids(session, copy.id)) == sorted([users["manager"][0], users["staff"][0]])
    [step] = session.exec(select(SequenceStep).where(SequenceStep.campaign_id == copy.id)).all()
    assert (step.delay_days, step.body) == (5, "Any thoughts, {{ first_name }}?")
    [kit] = session.exec(select(CampaignFile).where(CampaignFile.campaign_id == copy.id)).all()
    assert (kit.name, kit.data) == ("lookbook.txt", b"Autumn colours")
    [entry] = session.exec(select(PipelineEntry).where(PipelineEntry.campaign_id == copy.id)).all()
    assert session.get(Blogger, entry.blogger_id).name == "Maya"
    assert session.get(Stage, entry.stage_id).kind == "shortlisted"
    assert session.exec(select(Pitch).where(Pitch.entry_id == entry.id)).all() == []  # nothing logged comes along
    every = client.post(f"/campaigns/{source.id}/copy", data={"name": "Winter", "bloggers": "all"},
                        follow_redirects=True)
    assert b"with 2 bloggers shortlisted" in every.data
