"""In Chromium: users, do-not-contact, audit log and my follow-ups."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.conftest import sign_in
from tests.factories import make_blogger, make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_admin_adds_user_then_sees_it_in_audit(live_server, page, users):
    sign_in(page, live_server.url, "admin@example.com")
    page.click("nav >> text=Users")
    page.fill("#email", "newbie@example.com")
    page.fill("#name", "Newbie")
    page.select_option("#role", "staff")
    page.fill("#password", "a long password")
    page.click("button:has-text('Add user')")
    page.wait_for_selector("text=Added staff newbie@example.com.")
    expect(page.locator("tr[data-user='newbie@example.com']")).to_have_count(1)
    page.click("nav >> text=Audit")
    assert "added_user" in page.locator("#audit").inner_text()


def test_do_not_contact_list(live_server, page, engine, users):
    with Session(engine) as session:
        make_blogger(session, "Noisy Ned", slug="ned")
        session.commit()
    sign_in(page, live_server.url, "staff@example.com")
    page.click("nav >> text=Do not contact")
    page.select_option("#blogger_id", label="Noisy Ned")
    page.fill("#reason", "Asked to be left alone")
    page.click("button:has-text('Add')")
    page.wait_for_selector("text=Noisy Ned is on the do-not-contact list.")
    assert "Asked to be left alone" in page.locator("#do-not-contact").inner_text()
    expect(page.locator("#do-not-contact button:has-text('Remove')")).to_have_count(0)


def test_my_follow_ups(live_server, page, engine, users):
    with Session(engine) as session:
        campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
        entry.next_follow_up_on = date.today() - timedelta(days=1)
        session.add(entry)
        session.commit()
    sign_in(page, live_server.url, "manager@example.com")
    expect(page.locator("[data-testid=due-count]")).to_have_text("1", use_inner_text=True)
    page.click("nav >> text=My follow-ups")
    row = page.locator("#follow-ups tbody tr")
    expect(row).to_have_count(1)
    assert "1 day overdue" in row.inner_text()
    row.locator("a").click()
    page.wait_for_selector("h1:has-text('Maya Pour')")
