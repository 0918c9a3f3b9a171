"""In Chromium: a manager sets a campaign's budget, agrees a fee on an entry, marks it invoiced and
paid, and reads what the campaign has spent on the dashboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_manager_agrees_a_fee_pays_it_and_reads_the_budget(live_server, page, engine, users):
    with Session(engine) as session:
        campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
        campaign_id, entry_id = campaign.id, maya.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/edit")
    page.fill("#budget", "1000")
    page.fill("#budget_currency", "eur")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=saved")

    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.click("#fee summary")
    expect(page.locator("#fee-currency")).to_have_value("EUR")  # the budget's currency
    expect(page.locator("[data-testid=budget-left]")).to_have_text("The campaign's budget: 1,000.00 EUR left of 1,000.00.")
    page.fill("#fee-description", "A sponsored review")
    page.fill("#fee-amount", "12.345")
    page.click("button:has-text('Record fee')")
    expect(page.locator("#fee .field-error")).to_have_text("At most two decimals, e.g. 12.50.")
    expect(page.locator("#fee-description")).to_have_value("A sponsored review")  # what was typed stays
    page.fill("#fee-amount", "350")
    page.click("button:has-text('Record fee')")
    page.wait_for_selector("text=Fee recorded.")
    expect(page.locator("[data-testid=fee-status]")).to_contain_text("agreed")
    page.click("#fees a:has-text('Change')")
    page.fill("#amount", "400.00")
    page.fill("#due_on", "2099-01-31")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Fee saved.")
    expect(page.locator("#fees")).to_contain_text("due 2099-01-31")
    page.fill("#fees input[name=invoice_reference]", "INV-2026-17")
    page.click("#fees button:has-text('Mark invoiced')")
    page.wait_for_selector("text=Fee marked invoiced.")
    page.click("#fees button:has-text('Mark paid')")
    page.wait_for_selector("text=Fee marked paid.")
    expect(page.locator("[data-testid=fee-status]")).to_contain_text("paid")
    expect(page.locator("#fees")).to_contain_text("invoice INV-2026-17")
    expect(page.locator("#fees button")).to_have_count(0)  # a paid fee is settled
    expect(page.locator("[data-testid=fee-total]")).to_contain_text("400.00 EUR")

    page.click("nav >> text=Dashboard")
    page.select_option("#campaign", str(campaign_id))
    page.click("button:has-text('Show')")
    expect(page.locator("[data-testid=budget]")).to_contain_text(
        "Budget 1,000.00 EUR: 400.00 committed (40.0%), 400.00 paid, 600.00 left.")
    expect(page.locator("#fees-table")).to_contain_text("A sponsored review")
    with page.expect_download() as download:
        page.click("#fees a:has-text('Download CSV')")
    assert "A sponsored review" in download.value.path().read_text()
    page.click("nav >> text=Campaigns")
    expect(page.locator(f"[data-campaign='{campaign_id}']")).to_contain_text("400.00 of 1,000.00 EUR")
