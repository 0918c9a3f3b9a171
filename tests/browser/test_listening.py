"""In Chromium: a manager sets up a monitor, the scheduler's crawl finds a mention, the alert
shows in the menu, the mention on its page, and its author is shortlisted from Voices."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from outreach.core.blog_intake import create_blog
from outreach.core.models import PipelineEntry
from outreach.jobs.scheduler import run_crawl_tick
from outreach.web.db import get_engine
from outreach.web.search import app_index_dir
from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries
from tests.jobs.test_listening import FEED

pytestmark = pytest.mark.browser


def test_monitor_mention_alert_and_voice(live_server, page, users, site, engine):
    site.route("/feed.xml", body=FEED)
    with Session(engine) as session:
        create_blog(session, site.url + "/feed.xml", source="url", name="Rita Ridge")
        make_campaign_with_entries(session, users["manager"][0], names=())
    sign_in(page, live_server.url, "manager@example.com")
    page.click("nav >> text=Mentions")
    page.click("text=Monitors")
    page.click("text=New monitor")
    page.fill("#name", "Trailfox")
    page.fill("#terms", "Trailfox, Trail Fox")
    page.fill("#exclusions", "trail fox sightings")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Monitor 'Trailfox' saved")
    app = live_server.app
    app.config["CRAWL_POLITENESS_SECONDS"] = 0.0
    run_crawl_tick(get_engine(app), app_index_dir(app), app.config, report=print)
    page.goto(live_server.url + "/")
    expect(page.locator("[data-testid=alert-count]")).to_have_text("1", use_inner_text=True)
    page.click("nav >> text=Alerts")
    page.click("text=1 new mention of Trailfox")
    assert "My TRAILFOX vest held two litres" in page.locator("#mentions").inner_text()
    assert "sightings" not in page.locator("#mentions").inner_text()  # excluded
    page.click("text=Voices")
    row = page.locator("#voices tbody tr").first
    assert "Rita Ridge" in row.inner_text() and "New voice" in row.inner_text()
    row.locator("button:has-text('Shortlist')").click()
    page.wait_for_selector("text=Shortlisted into 'Autumn launch'")
    with Session(engine) as session:
        assert session.exec(select(PipelineEntry)).one() is not None


def test_share_of_voice_draws_each_brand_s_weeks(live_server, page, users, engine):
    from outreach.core.models import User
    from outreach.core.monitors import save_monitor
    from tests.browser.test_dashboard import chart_data, wait_until
    from tests.web.test_listening import listening_setup

    with Session(engine) as session:
        listening_setup(session, users)
        save_monitor(session, session.get(User, users["manager"][0]), None, name="Ridgeline", terms="Ridgeline")
        session.commit()
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/mentions/")
    page.click("a:has-text('Share of voice')")
    wait_until(page, "() => typeof Chart !== 'undefined' && !!Chart.getChart(document.getElementById('share-chart'))")
    sets = dict(chart_data(page, "share-chart")["sets"])
    assert sum(sets["Trailfox"]) == 1 and sum(sets["Ridgeline"]) == 0 and len(sets["Trailfox"]) in (12, 13)
    page.uncheck("text=Ridgeline")
    page.click("button:has-text('Show')")
    expect(page.locator("#share-table")).not_to_contain_text("Ridgeline")
    expect(page.locator("[data-testid=mention-share]")).to_have_text("100.0%")
