"""Fees through the API: recorded, marked and totalled under the pages' rules, a bad call refused
with the reason."""

from __future__ import annotations

from decimal import Decimal

from outreach.core.models import Campaign
from tests.factories import make_campaign_with_entries


def entry_with_budget(session, users):
    campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
    campaign.budget, campaign.budget_currency = Decimal("1000"), "EUR"
    session.commit()
    return maya


def test_the_api_records_fees_and_marks_them(api, session, users):
    maya = entry_with_budget(session, users)
    created = api["manager"].post(f"/entries/{maya.id}/fees", json={
        "description": "A review", "amount": "450.50", "currency": "eur", "due_on": "2030-01-01"})
    assert created.status_code == 201 and created.json["currency"] == "EUR" and created.json["status"] == "agreed"
    fee_id = created.json["id"]
    for body, status, reason in (({"description": "x", "amount": "1.234"}, 422, "amount"),
                                 ({"description": "x", "amount": 5, "agreed_on": "2099-01-01"}, 422, "ahead of today"),
                                 ({"description": "x", "amount": 5, "agreed_on": "2026-01-05", "due_on": "2026-01-01"},
                                  422, "due_on is before agreed_on")):
        response = api["manager"].post(f"/entries/{maya.id}/fees", json=body)
        assert response.status_code == status and reason in str(response.json), body
    paid = api["manager"].post(f"/fees/{fee_id}/status", json={"status": "paid", "invoice_reference": "INV-1"})
    assert paid.status_code == 200 and paid.json["status"] == "paid" and paid.json["invoice_reference"] == "INV-1"
    again = api["manager"].post(f"/fees/{fee_id}/status", json={"status": "cancelled"})
    assert again.status_code == 409 and "paid already" in again.json["error"]
    assert api["manager"].post("/fees/4242/status", json={"status": "paid"}).status_code == 404
    assert api["staff"].get(f"/entries/{maya.id}/fees").status_code == 403
    assert [fee["amount"] for fee in api["manager"].get(f"/entries/{maya.id}/fees").json] == ["450.50"]
    assert [fee["id"] for fee in api["manager"].get(f"/campaigns/{maya.campaign_id}/fees?status=paid").json] == [fee_id]
    assert api["manager"].get(f"/campaigns/{maya.campaign_id}/fees?status=agreed").json == []
    assert api["manager"].get(f"/campaigns/{maya.campaign_id}/fees?status=owed").status_code == 422
    report = api["manager"].get("/reports/pipeline").json
    assert report["fee_totals"] == [{"currency": "EUR", "fees": 1, "committed": "450.50", "paid": "450.50",
                                     "to_pay": "0.00", "overdue": "0.00", "overdue_fees": 0}]
    assert api["manager"].get(f"/campaigns/{maya.campaign_id}").json["budget"] == "1000.00"
    assert session.get(Campaign, maya.campaign_id).budget_currency == "EUR"
