"""The pages speak to the person using them: pages and buttons, not commands; what they show
joins up (whom to write to, who pitched, what a card's move means)."""

from __future__ import annotations

import re

from sqlmodel import Session

from outreach.core.campaigns import create_campaign
from outreach.core.models import CampaignMember, User
from tests.factories import make_campaign_with_entries


def test_home_page_speaks_of_pages_and_counts_only_campaigns_staff_can_open(client, auth, engine, users):
    with Session(engine) as session:
        make_campaign_with_entries(session, users["manager"][0], names=())  # staff is no member
        own = create_campaign(session, session.get(User, users["manager"][0]), "Staff's own")
        session.add(CampaignMember(campaign_id=own.id, user_id=users["staff"][0]))
        session.commit()
    auth.login("staff@example.com")
    page = client.get("/").data.decode()
    assert "outreach " not in page.replace("Outreach", "")  # no command lines
    assert "Blogs</a> page" in page and "Create and rank" in page
    staff_count = re.search(r'data-stat="campaigns">(\d+)<', page).group(1)
    auth.logout()
    auth.login("manager@example.com")
    manager_count = re.search(r'data-stat="campaigns">(\d+)<', client.get("/").data.decode()).group(1)
    assert (int(staff_count), int(manager_count)) == (1, 2)


def test_ranking_without_blogs_names_the_blogs_page_not_a_command(client, auth, session, app):
    from outreach.core.models import Niche
    from outreach.web.search import app_index_dir
    from scoring import refresh_index

    refresh_index(session, app_index_dir(app), rebuild=True)
    niche = Niche(name="Coffee", brief="Espresso and grinders")
    session.add(niche)
    session.commit()
    auth.login()
    page = client.get(f"/niches/{niche.id}/").data.decode()
    assert "add some on the Blogs page" in page and "`outreach" not in page


def test_entry_page_shows_whom_to_write_to_and_where_it_was_found(client, auth, session, users):
    from outreach.core.models import ContactDetail

    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    session.add(ContactDetail(blogger_id=entry.blogger_id, kind="email", value="maya@b0.example",
                              source_url="https://b0.example/about", found_by="mailto link"))
    session.commit()
    auth.login("manager@example.com")
    page = client.get(f"/campaigns/entries/{entry.id}/").data.decode()
    assert 'href="mailto:maya@b0.example"' in page
    assert "found by mailto link on" in page and "https://b0.example/about" in page
    assert f'href="/bloggers/{entry.blogger_id}/"' in page


def test_profile_shows_the_pipelines_status_and_a_recorded_override(client, auth, session, users):
    from outreach.core.models import Blogger
    from outreach.core.pipeline import log_pitch

    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    log_pitch(session, session.get(User, users["manager"][0]), entry, channel="email", subject="Hi",
              message="", follow_up_on=None)
    session.commit()
    auth.login("manager@example.com")
    page = client.get(f"/bloggers/{entry.blogger_id}/").data.decode()
    assert '<span data-testid="relationship">Pitched</span>' in page and "(from the pipeline)" in page
    response = client.post(f"/bloggers/{entry.blogger_id}/relationship",
                           data={"relationship_status": "advocate"}, follow_redirects=True)
    assert "Relationship set to Advocate (set by hand)." in response.data.decode()
    response = client.post(f"/bloggers/{entry.blogger_id}/relationship",
                           data={"relationship_status": "pipeline"}, follow_redirects=True)
    assert "Relationship set to Pitched (following the pipeline)." in response.data.decode()
    session.expire_all()
    assert session.get(Blogger, entry.blogger_id).relationship_set_by_hand is False

