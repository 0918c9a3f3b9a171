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



def test_activity_chart_shows_quiet_weeks_as_zero():
    from datetime import date

    from outreach.web.dashboard.views import weekly_totals

    activity = [{"week": "2026-09-07", "person": "A", "pitches": 2, "follow_ups": 0, "replies": 0, "wins": 0},
                {"week": "2026-09-28", "person": "A", "pitches": 0, "follow_ups": 1, "replies": 1, "wins": 0}]
    chart = weekly_totals(activity, end=date(2026, 10, 7))
    assert chart["labels"] == ["2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-05"]
    assert chart["pitches"] == [2, 0, 0, 0, 0] and chart["replies"] == [0, 0, 0, 1, 0]
    assert weekly_totals([]) == {"labels": [], "pitches": [], "follow_ups": [], "replies": [], "wins": []}


def test_dashboard_states_sample_values_with_their_currency(client, auth, session, users):
    from decimal import Decimal

    from outreach.core.models import Sample
    from outreach.core.samples import record_sample

    manager = session.get(User, users["manager"][0])
    campaign, (maya, leo) = make_campaign_with_entries(session, manager.id)
    record_sample(session, manager, maya, Sample(item="Kit", unit_value=Decimal("49"), currency="eur", status="sent"))
    record_sample(session, manager, leo, Sample(item="Kit", quantity=2, unit_value=Decimal("10"), currency="USD",
                                               status="sent"))
    session.commit()
    auth.login("manager@example.com")
    page = client.get("/dashboard/").data.decode()
    assert 'data-stat="samples-out">2</span> samples out (49.00 EUR + 20.00 USD)' in page


def test_an_event_logged_after_the_fact_dates_the_move_it_causes(session, users):
    from datetime import timedelta

    from sqlmodel import select

    from outreach.core.models import StageChange, utcnow
    from outreach.core.pipeline import log_pitch

    manager = session.get(User, users["manager"][0])
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)
    entry.stage_entered_at = utcnow() - timedelta(days=30)
    sent = utcnow() - timedelta(days=9)
    log_pitch(session, manager, entry, channel="email", subject="Hi", message="", follow_up_on=None, sent_at=sent)
    session.commit()
    change = session.exec(select(StageChange).where(StageChange.to_stage_name == "Pitched")).one()
    assert abs(change.changed_at - sent) < timedelta(seconds=1) and abs(entry.stage_entered_at - sent) < timedelta(seconds=1)
