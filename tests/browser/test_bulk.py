"""In Chromium: bulk actions as the person who uses them, on the board, the directory and a
ranking, with each refused item and its reason on the page that follows."""

from __future__ import annotations

import csv

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from outreach.core.models import Blogger, PipelineEntry
from outreach.core.niches import create_niche
from outreach.core.stages import stage_of_kind
from outreach.web.search import app_index_dir
from scoring import refresh_index
from tests.conftest import sign_in
from tests.factories import Collection, make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_manager_moves_checked_cards_and_reads_refusals(live_server, page, engine, users):
    with Session(engine) as session:
        campaign, (ann, ben, cat) = make_campaign_with_entries(session, users["manager"][0], names=("Ann", "Ben", "Cat"))
        blogger = session.get(Blogger, ben.blogger_id)
        blogger.do_not_contact, blogger.do_not_contact_reason = True, "asked us to stop"
        session.commit()
        campaign_id, ids = campaign.id, (ann.id, ben.id, cat.id)
        pitched = stage_of_kind(session, campaign.id, "pitched").id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    page.click("button:has-text('Select all visible')")
    expect(page.locator(".bulk-count")).to_have_text("3 checked", use_inner_text=True)
    page.locator(f"li[data-entry='{ids[2]}'] .card-select").uncheck()
    expect(page.locator(".bulk-count")).to_have_text("2 checked", use_inner_text=True)
    page.select_option("#bulk-stage", label="Pitched")
    page.click("button[name=action][value=move]")
    page.wait_for_selector("#bulk-summary")
    expect(page.locator("#bulk-summary")).to_have_text("Moved 1 item; 1 refused.", use_inner_text=True)
    assert "Ben is on the do-not-contact list (asked us to stop)" in page.locator("#bulk-refused").inner_text()
    page.click("text=Back to Autumn launch")
    expect(page.locator(f"ol[data-stage='{pitched}'] li[data-entry='{ids[0]}']")).to_have_count(1)
    with Session(engine) as session:
        assert session.get(PipelineEntry, ids[2]).stage_id != pitched
    # Export the checked cards as CSV.
    page.locator(f"li[data-entry='{ids[2]}'] .card-select").check()
    with page.expect_download() as download:
        page.click("button[name=action][value=export]")
    with open(download.value.path(), newline="") as handle:
        assert [row["blogger"] for row in csv.DictReader(handle)] == ["Cat"]


def test_directory_and_ranking_bulk(live_server, page, engine, users):
    with Session(engine) as session:
        collection = Collection(session)
        for number in range(5):
            collection.blog(f"Other {number}", ["cooking"] * 6)
        collection.blog("Rita Runner", ["running"] * 8)
        collection.blog("Rob Runner", ["running"] * 6 + ["cooking"] * 2)
        refresh_index(session, app_index_dir(live_server.app), rebuild=True)
        niche = create_niche(session, "Trail running", "Trail running, marathon training and race pace")
        make_campaign_with_entries(session, users["manager"][0], names=())
        session.commit()
        niche_id = niche.id
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/blogs/?q=runner")
    page.click("button:has-text('Select all visible')")
    page.fill("#bulk-reason", "Works for a rival")
    page.click("button[name=action][value=do_not_contact]")
    expect(page.locator("#bulk-summary")).to_have_text("Put on the do-not-contact list: 2 items.", use_inner_text=True)
    page.click("text=Back to the blogs")
    assert page.url.endswith("/blogs/?q=runner")
    # On the ranking, the same two are refused with the reason when shortlisted again by a manager.
    page.goto(f"{live_server.url}/niches/{niche_id}/")
    first = page.locator("#ranking li").first
    assert "Rita Runner" in first.inner_text()
    first.locator("input[name=blog_id]").check()
    page.click("button[name=action][value=do_not_contact]")
    assert "already on the do-not-contact list" in page.locator("#bulk-refused").inner_text()
    with Session(engine) as session:
        listed = session.exec(select(Blogger).where(Blogger.do_not_contact)).all()
        assert sorted(blogger.name for blogger in listed) == ["Rita Runner", "Rob Runner"]
        assert {blogger.do_not_contact_reason for blogger in listed} == {"Works for a rival"}


def test_manager_emails_a_template_to_checked_cards(live_server, page, engine, users, mail_smtp):
    from outreach.core.models import OutboxMessage
    from tests.mail_factories import KEY
    from tests.web.test_bulk_email import board_with_template

    controller, _ = mail_smtp
    live_server.app.config["MAIL_KEY"] = KEY
    campaign_id, (maya, leo, ola, ines), _ = board_with_template(engine, users, controller.port)
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    page.click("button:has-text('Select all visible')")
    expect(page.locator(".bulk-count")).to_have_text("4 checked", use_inner_text=True)
    page.select_option("#bulk-template", label="Intro")
    page.click("button[name=action][value=email]")
    expect(page.locator("#ready-count")).to_have_text("2")
    page.locator(f"#planned-emails tr[data-entry='{maya}'] summary").click()
    expect(page.locator(f"#planned-emails tr[data-entry='{maya}'] .email-body")).to_have_text("Hi Maya, from Northbrew.")
    from datetime import timedelta

    from outreach.core.models import utcnow
    when = f"{utcnow() + timedelta(days=30):%Y-%m-%d} 09:30"
    page.fill("#send_at", when.replace(" ", "T"))
    page.click("button:has-text('Queue 2 emails')")
    expect(page.locator("#bulk-summary")).to_have_text("Queued an email to 2 items.", use_inner_text=True)
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage)).all()
        assert sorted(row.entry_id for row in rows) == sorted([maya, leo])
        assert {f"{row.send_after:%Y-%m-%d %H:%M}" for row in rows} == {when}
