"""A campaign's report for the brand: made and stopped by managers, read at its private address
without an account, showing what was won and nothing of the team's own."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from sqlmodel import select

from outreach.core.models import AuditEvent, Campaign, ContactDetail, Coverage, Note, PipelineEntry, Sample, utcnow
from tests.factories import make_campaign_with_entries


def won_campaign(session, users):
    """A campaign with two confirmed coverage posts (one with measures), one proposal, an email
    address and a note that the brand must never see."""
    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    session.add_all([
        Coverage(entry_id=maya.id, url="https://maya.example/grinder", title="My grinder", status="confirmed",
                 decided_at=utcnow(), comments=12, shares=30, likes=200, economic_value=Decimal("150.00"),
                 link_status="linked", disclosure="#ad"),
        Coverage(entry_id=leo.id, url="https://leo.example/trail", title="Trail coffee", status="confirmed",
                 decided_at=utcnow(), comments=3, disclosure=""),
        Sample(entry_id=leo.id, item="Grinder", status="sent"),
        Coverage(entry_id=leo.id, url="https://leo.example/maybe", title="Maybe about us", status="proposed"),
        ContactDetail(blogger_id=maya.blogger_id, kind="email", value="maya@blog.example", found_by="by hand"),
        Note(blogger_id=maya.blogger_id, body="Prefers decaf; agency margin 30%"),
    ])
    session.commit()
    return campaign


def shared_path(response) -> str:
    return re.search(r'data-testid="share-address">https?://[^/]+(/campaigns/shared/[^<]+)<', response.get_data(
        as_text=True)).group(1)


def test_the_brand_reads_what_was_won_and_nothing_of_the_teams_own(app, client, auth, session, users):
    campaign = won_campaign(session, users)
    auth.login("staff@example.com")
    assert client.post(f"/campaigns/{campaign.id}/share").status_code == 403
    auth.logout()
    auth.login("manager@example.com")
    path = shared_path(client.post(f"/campaigns/{campaign.id}/share"))
    assert session.exec(select(Campaign.share_token_hash)).one() not in ("", path.rsplit("/", 1)[1])  # a hash
    assert b"Shared now." in client.get(f"/campaigns/{campaign.id}/edit").data
    auth.logout()

    report = client.get(path)  # no account
    page = report.get_data(as_text=True)
    assert report.status_code == 200 and report.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in report.headers["Cache-Control"]
    assert '<span class="stat-number" data-stat="posts">2</span>' in page
    assert '<span class="stat-number" data-stat="bloggers">2</span>' in page
    assert "My grinder" in page and "Trail coffee" in page and "Maybe about us" not in page
    assert '<td data-testid="total-comments">15</td>' in page and "150.00" in page
    assert "<td>#ad</td>" in page and '<span class="flag flag-overdue">missing</span>' in page  # Leo was gifted
    for private in ("maya@blog.example", "decaf", "margin", "manager@example.com", "Sign out"):
        assert private not in page


def test_a_new_address_stops_the_old_and_stop_ends_sharing(client, auth, session, users):
    campaign = won_campaign(session, users)
    auth.login("manager@example.com")
    first = shared_path(client.post(f"/campaigns/{campaign.id}/share"))
    second = shared_path(client.post(f"/campaigns/{campaign.id}/share"))
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    stopped = client.post(f"/campaigns/{campaign.id}/share/stop", follow_redirects=True)
    assert b"The report&#39;s address is stopped" in stopped.data
    assert client.get(second).status_code == 404
    assert [event.action for event in session.exec(select(AuditEvent).where(
        AuditEvent.object_type == "campaign", AuditEvent.action.like("%report%")))] == [
        "shared_campaign_report", "shared_campaign_report", "stopped_campaign_report"]
    for made_up in ("orep_" + "x" * 32, "orep_", "nothing", "orep_" + "y" * 200, "%3Cscript%3E"):
        response = client.get(f"/campaigns/shared/{made_up}")
        assert response.status_code == 404 and b"<script>" not in response.data


def test_a_coverage_goal_shows_its_progress_on_the_board_the_dashboard_and_the_brands_report(client, auth, session,
                                                                                            users):
    campaign = won_campaign(session, users)  # two posts confirmed, one proposed
    auth.login("manager@example.com")
    form = {"name": campaign.name, "brand": "Northbrew", "coverage_stage_kind": "covered", "niche_id": 0,
            "member_ids": [users["manager"][0]]}
    for bad in ("0", "-3", "many", "100001"):
        refused = client.post(f"/campaigns/{campaign.id}/edit", data={**form, "coverage_goal": bad})
        assert refused.status_code == 400 and b"Coverage goal" in refused.data
    assert client.post(f"/campaigns/{campaign.id}/edit", data={**form, "coverage_goal": "5"}).status_code == 302
    board = client.get(f"/campaigns/{campaign.id}/").get_data(as_text=True)
    assert '<progress max="5" value="2"' in board and '<strong data-testid="goal-won">2</strong> of 5' in board
    dashboard = client.get(f"/dashboard/?campaign={campaign.id}").get_data(as_text=True)
    assert '<strong data-testid="goal-won">2</strong> of 5' in dashboard
    assert 'id="coverage-goal"' not in client.get("/dashboard/").get_data(as_text=True)  # all campaigns: no goal
    path = shared_path(client.post(f"/campaigns/{campaign.id}/share"))
    assert '<strong data-testid="goal-won">2</strong> of 5' in client.get(path).get_data(as_text=True)
    assert client.post(f"/campaigns/{campaign.id}/edit", data={**form, "coverage_goal": ""}).status_code == 302
    assert 'id="coverage-goal"' not in client.get(f"/campaigns/{campaign.id}/").get_data(as_text=True)


def test_the_brand_reads_the_days_it_asks_for_and_a_bad_date_is_said(app, client, auth, session, users):
    campaign = won_campaign(session, users)
    trail = session.exec(select(Coverage).where(Coverage.title == "Trail coffee")).one()
    trail.decided_at = utcnow() - timedelta(days=40)  # last month's post
    session.commit()
    auth.login("manager@example.com")
    path = shared_path(client.post(f"/campaigns/{campaign.id}/share"))
    auth.logout()
    since = (utcnow() - timedelta(days=10)).date()
    page = client.get(f"{path}?start={since.isoformat()}").get_data(as_text=True)
    assert "My grinder" in page and "Trail coffee" not in page
    assert '<span class="stat-number" data-stat="posts">1</span>' in page
    assert f'<span id="report-days">{since.isoformat()} to {utcnow().date().isoformat()}</span>' in page
    earlier = client.get(f"{path}?end={(utcnow() - timedelta(days=30)).date().isoformat()}").get_data(as_text=True)
    assert "Trail coffee" in earlier and "My grinder" not in earlier
    for bad in ("start=yesterday", f"start={since.isoformat()}&end=2000-01-01", "end=2026-13-45"):
        response = client.get(f"{path}?{bad}")
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and ("Not a valid date" in page or "before the start date" in page)
        assert "My grinder" in page and "Trail coffee" in page  # the whole campaign, not an error page


def test_the_brand_reads_how_many_agreed_posts_are_published_and_to_come(app, client, auth, session, users):
    from datetime import timedelta

    from outreach.core.models import Deliverable, utc_today

    campaign = won_campaign(session, users)
    maya, leo = session.exec(select(PipelineEntry).order_by(PipelineEntry.id)).all()
    grinder = session.exec(select(Coverage).where(Coverage.title == "My grinder")).one()
    session.add_all([
        Deliverable(entry_id=maya.id, description="A review", status="published", coverage_id=grinder.id,
                    published_on=utc_today()),
        Deliverable(entry_id=leo.id, description="A video", due_on=utc_today() - timedelta(days=3)),
        Deliverable(entry_id=leo.id, description="Two stories", due_on=utc_today() + timedelta(days=3)),
        Deliverable(entry_id=leo.id, description="A podcast", status="cancelled")])
    session.commit()
    auth.login("manager@example.com")
    path = shared_path(client.post(f"/campaigns/{campaign.id}/share"))
    auth.logout()
    page = client.get(path).get_data(as_text=True)
    assert '<span class="stat-number" data-stat="agreed-published">1</span> agreed posts published' in page
    assert '<span data-stat="agreed-to-come">2</span> to come (1 late)' in page
    assert "A video" not in page  # what was agreed is the team's own
