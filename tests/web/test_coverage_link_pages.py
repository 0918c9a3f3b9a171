"""The brand's sites on the campaign form, and each confirmed coverage's link check on its entry page."""

from __future__ import annotations

from sqlmodel import select

from outreach.core.models import Campaign, Coverage, utcnow
from tests.factories import make_campaign_with_entries


def test_the_campaign_form_keeps_the_brands_sites_as_hosts(client, auth, session, users):
    auth.login("manager@example.com")
    created = client.post("/campaigns/new", data={
        "name": "Grinders", "brand": "Northbrew", "brand_sites": "https://www.Northbrew.example/shop, shop.northbrew.example",
        "coverage_stage_kind": "covered", "niche_id": 0})
    assert created.status_code == 302
    campaign = session.exec(select(Campaign).where(Campaign.name == "Grinders")).one()
    assert campaign.brand_sites == ["northbrew.example", "shop.northbrew.example"]
    edit = client.get(f"/campaigns/{campaign.id}/edit")
    assert b'value="northbrew.example, shop.northbrew.example"' in edit.data


def test_the_entry_page_shows_the_link_check_and_asks_for_another(client, auth, session, users):
    campaign, (maya,) = make_campaign_with_entries(session, users["manager"][0], names=("Maya",))
    campaign.brand_sites = ["northbrew.example"]
    coverage = Coverage(entry_id=maya.id, url="https://maya.example/grinder", title="My grinder", status="confirmed",
                        link_status="no_link", link_checked_at=utcnow(), decided_at=utcnow())
    session.add_all([campaign, coverage])
    session.commit()
    auth.login("manager@example.com")
    page = client.get(f"/campaigns/entries/{maya.id}/").get_data(as_text=True)
    assert "No link</span> to northbrew.example on the page" in page
    again = client.post(f"/campaigns/coverage/{coverage.id}/recheck", follow_redirects=True)
    assert b"The page is read again at the next crawl" in again.data
    session.expire_all()
    assert session.get(Coverage, coverage.id).link_checked_at is None
    assert "checked again at the next crawl" in client.get(f"/campaigns/entries/{maya.id}/").get_data(as_text=True)
    # The dashboard's coverage table and its CSV say the same.
    dashboard = client.get(f"/dashboard/?campaign={campaign.id}").get_data(as_text=True)
    assert '<span class="flag flag-overdue">lost</span>' in dashboard
    csv_text = client.get(f"/dashboard/coverage.csv?campaign={campaign.id}").get_data(as_text=True)
    assert csv_text.splitlines()[0].endswith(",link,disclosure") and csv_text.splitlines()[1].endswith(",lost,")
