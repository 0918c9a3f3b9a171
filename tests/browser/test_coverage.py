"""In Chromium: confirm proposed coverage on an entry and record its measures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from outreach.core.coverage import propose_coverage
from outreach.core.models import User, utcnow
from outreach.core.pipeline import log_pitch
from tests.conftest import sign_in
from tests.core.test_coverage import add_post, setup

pytestmark = pytest.mark.browser


def test_confirm_coverage(live_server, page, engine, users):
    with Session(engine) as session:
        manager, campaign, entry, _, blog = setup(session, users)
        log_pitch(session, session.get(User, manager.id), entry, channel="email", subject="Hello", message="",
                  follow_up_on=None, sent_at=utcnow() - timedelta(days=2))
        post = add_post(session, blog, "Cold brew day", "Testing the Northbrew kettle")
        propose_coverage(session, blog.blogger_id, [post.id])
        session.commit()
        entry_id = entry.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    assert "Testing the Northbrew kettle" in page.locator("#coverage").inner_text()
    page.click("button:has-text('Confirm coverage')")
    page.wait_for_selector("text=Coverage confirmed.")
    expect(page.locator("[data-testid=stage]")).to_have_text("Covered", use_inner_text=True)
    page.fill("input[name$='-shares']", "25")
    page.click("button:has-text('Save measures')")
    page.wait_for_selector("text=Measures saved.")
    assert page.input_value("input[name$='-shares']") == "25"


def test_a_paid_post_without_a_disclosure_is_flagged_on_the_entry_and_the_dashboard(live_server, page, engine, users):
    from datetime import date
    from decimal import Decimal

    from outreach.core.models import Fee

    with Session(engine) as session:
        manager, campaign, entry, _, blog = setup(session, users)
        log_pitch(session, session.get(User, manager.id), entry, channel="email", subject="Hello", message="",
                  follow_up_on=None, sent_at=utcnow() - timedelta(days=2))
        session.add(Fee(entry_id=entry.id, description="A review", amount=Decimal("300"), currency="EUR",
                        agreed_on=date(2026, 12, 1)))
        post = add_post(session, blog, "Cold brew day", "Testing the Northbrew kettle")
        propose_coverage(session, blog.blogger_id, [post.id])
        session.commit()
        entry_id, campaign_id = entry.id, campaign.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    expect(page.locator("[data-testid=disclosure]")).to_contain_text("No disclosure found")
    page.click("button:has-text('Confirm coverage')")
    page.wait_for_selector("text=Coverage confirmed.")
    page.goto(f"{live_server.url}/dashboard/?campaign={campaign_id}")
    expect(page.locator("#coverage-table")).to_contain_text("missing")


def test_a_confirmed_posts_link_is_checked_and_shown(live_server, page, engine, users, site, options):
    from outreach.core.models import Coverage
    from outreach.jobs.coverage_links import check_coverage_links
    from tests.factories import make_campaign_with_entries

    site.route("/grinder", body=b'<p>Loved the <a href="https://northbrew.example/kettle">kettle</a>.</p>',
               content_type="text/html")
    with Session(engine) as session:
        campaign, (maya,) = make_campaign_with_entries(session, users["manager"][0], names=("Maya",))
        campaign.brand_sites = ["northbrew.example"]
        session.add_all([campaign, Coverage(entry_id=maya.id, url=site.url + "/grinder", title="Kettle day",
                                            status="confirmed")])
        session.commit()
        entry_id = maya.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    expect(page.locator("[data-testid=link-status]")).to_contain_text("checked at the next crawl")
    assert check_coverage_links(engine, options, {}) == 1  # what the crawl tick does
    page.reload()
    expect(page.locator("[data-testid=link-status]")).to_contain_text("Link live to https://northbrew.example/kettle")
    page.click("[data-testid=link-status] button:has-text('Check again')")
    expect(page.locator(".flash-success")).to_contain_text("The page is read again at the next crawl")


def test_record_coverage_found_by_hand(live_server, page, engine, users, site, options):
    from outreach.jobs.coverage_links import check_coverage_links
    from tests.factories import make_campaign_with_entries

    site.route("/video", content_type="text/html", body=(
        b"<html><head><title>Unboxing the Northbrew kettle</title></head>"
        b"<body><main>#ad Thanks to Northbrew for the kettle.</main></body></html>"))
    with Session(engine) as session:
        campaign, (maya,) = make_campaign_with_entries(session, users["manager"][0], names=("Maya",))
        entry_id = maya.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.click("#record-coverage summary")
    page.fill("#coverage-url", "javascript:alert(1)")
    page.click("#record-coverage button:has-text('Record coverage')")
    expect(page.locator(".flash-error")).to_contain_text("That address cannot be read")
    expect(page.locator("#coverage-url")).to_have_value("javascript:alert(1)")  # kept to be corrected
    page.fill("#coverage-url", site.url + "/video")
    page.click("#record-coverage button:has-text('Record coverage')")
    expect(page.locator(".flash-success")).to_contain_text("Coverage recorded")
    expect(page.locator("[data-testid=stage]")).to_have_text("Covered", use_inner_text=True)
    expect(page.locator("[data-testid=link-status]")).to_contain_text("read at the next crawl")
    assert check_coverage_links(engine, options, {}) == 1  # what the crawl tick does
    page.reload()
    expect(page.locator("#coverage")).to_contain_text("Unboxing the Northbrew kettle")
    expect(page.locator("[data-testid=disclosure]")).to_contain_text("Disclosed")


def test_share_the_campaigns_report_with_the_brand(live_server, browser, page, engine, users):
    from tests.web.test_shared_report import won_campaign

    with Session(engine) as session:
        campaign = won_campaign(session, users)
        campaign.coverage_goal = 4
        session.add(campaign)
        session.commit()
        campaign_id = campaign.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/edit")
    page.click("#share-report >> button:has-text('Make an address')")
    address = page.locator("[data-testid=share-address]").inner_text()

    brand = browser.new_context(viewport={"width": 390, "height": 800}).new_page()  # the brand's phone, no account
    brand.goto(address)
    expect(brand.locator("h1")).to_have_text("Autumn launch")
    expect(brand.locator("[data-stat=posts]")).to_have_text("2")
    expect(brand.locator("#shared-coverage")).to_contain_text("My grinder")
    expect(brand.locator("#coverage-goal")).to_contain_text("2 of 4 coverage posts")
    assert brand.evaluate("() => document.documentElement.scrollWidth") <= 390  # fits a phone
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    brand.fill("#start", tomorrow)  # days with nothing won yet
    brand.click("#report-range button:has-text('Show these days')")
    expect(brand.locator("[data-stat=posts]")).to_have_text("0")
    expect(brand.locator("#report-days")).to_contain_text(f"{tomorrow} to ")
    expect(brand.locator("#coverage-goal")).to_have_count(0)  # the goal is the whole campaign's
    brand.click("text=The whole campaign")
    expect(brand.locator("[data-stat=posts]")).to_have_text("2")
    brand.context.close()

    page.goto(f"{live_server.url}/campaigns/{campaign_id}/edit")
    expect(page.locator("#share-state")).to_contain_text("Shared now")
    page.click("#share-report >> button:has-text('Stop sharing')")
    page.wait_for_selector("text=The report's address is stopped")
    assert page.request.get(address).status == 404


def test_agree_a_deliverable_then_mark_it_published_by_a_post(live_server, page, engine, users):
    from tests.factories import make_campaign_with_entries

    with Session(engine) as session:
        campaign, (maya,) = make_campaign_with_entries(session, users["manager"][0], names=("Maya",))
        entry_id, campaign_id = maya.id, campaign.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.click("#deliverable summary")
    page.fill("#deliverable-description", "A review post")
    page.fill("#deliverable-due_on", "2026-01-05")
    page.click("#deliverable button:has-text('Record deliverable')")
    expect(page.locator(".flash-success")).to_contain_text("Deliverable recorded.")
    expect(page.locator("[data-testid=deliverable-status]")).to_have_text("late")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    expect(page.locator("li.card-item").first).to_contain_text("Post late")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.click("#record-coverage summary")
    page.fill("#coverage-url", "https://maya.example/review")
    page.fill("#coverage-title", "Maya reviews the kettle")
    page.click("#record-coverage button:has-text('Record coverage')")
    expect(page.locator(".flash-success")).to_contain_text("Coverage recorded")
    page.select_option("#deliverables select[name=coverage_id]", label="Maya reviews the kettle")
    page.click("#deliverables button:has-text('Mark published')")
    expect(page.locator(".flash-success")).to_contain_text("Deliverable marked published.")
    expect(page.locator("[data-testid=deliverable-status]")).to_have_text("published")
    expect(page.locator("#deliverables")).to_contain_text("Maya reviews the kettle")
