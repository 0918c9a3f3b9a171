"""In Chromium: a staff member works their follow-ups: done, snoozed a day, a week, to a date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from outreach.core.models import CampaignMember, PipelineEntry
from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_staff_clears_and_snoozes_follow_ups(live_server, page, engine, users):
    staff_id = users["staff"][0]
    with Session(engine) as session:
        campaign, entries = make_campaign_with_entries(session, users["manager"][0], names=("Ann", "Ben", "Cat", "Dan"))
        session.add(CampaignMember(campaign_id=campaign.id, user_id=staff_id))
        for offset, entry in zip((-3, 0, -1, 4), entries):
            entry.owner_id, entry.next_follow_up_on = staff_id, date.today() + timedelta(days=offset)
            session.add(entry)
        session.commit()
        ann, ben, cat, dan = (entry.id for entry in entries)
    sign_in(page, live_server.url, "staff@example.com")
    expect(page.locator("[data-testid=due-count]")).to_have_text("3", use_inner_text=True)
    page.click("nav >> text=My follow-ups")
    expect(page.locator("#follow-ups tbody tr")).to_have_count(3)
    assert "(in 4 days)" in page.locator(f"#upcoming tr[data-entry='{dan}']").inner_text()
    page.click("button[aria-label='Done: Ann']")
    page.wait_for_selector("text=Follow-up done.")
    page.click("button[aria-label='Snooze Ben by a day']")
    page.wait_for_selector("text=Snoozed to")
    page.click("button[aria-label='Snooze Cat by a week']")
    page.wait_for_selector("text=Snoozed to")
    picked = date.today() + timedelta(days=10)
    page.fill("input[aria-label='Snooze Dan to']", picked.isoformat())
    page.locator(f"#upcoming tr[data-entry='{dan}'] button:has-text('Snooze to')").click()
    page.wait_for_selector(f"text=Snoozed to {picked:%Y-%m-%d}.")
    expect(page.locator("#follow-ups")).to_have_count(0)  # nothing due any more
    expect(page.locator("[data-testid=due-count]")).to_have_count(0)
    with Session(engine) as session:
        dates = [session.get(PipelineEntry, entry_id).next_follow_up_on for entry_id in (ann, ben, cat, dan)]
    assert dates == [None, date.today() + timedelta(days=1), date.today() + timedelta(days=7), picked]
    page.click("text=30 days")
    expect(page.locator("#upcoming tbody tr")).to_have_count(3)
