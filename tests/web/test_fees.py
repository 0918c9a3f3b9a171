"""Fees on the entry page, a campaign's budget on its form, and both on the dashboard and in the
API: a bad field comes back with the reason and nothing stored is lost."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import select

from outreach.core.models import Coverage, Fee, Sample, User, utc_today
from outreach.core.time_zones import today_in
from tests.factories import make_campaign_with_entries


def entry_with_budget(session, users, budget="1000", currency="EUR"):
    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    campaign.budget, campaign.budget_currency = (Decimal(budget), currency) if budget else (None, "")
    session.commit()
    return campaign, maya, leo


def test_a_fee_is_recorded_on_the_entry_page_then_invoiced_and_paid(client, auth, session, users):
    campaign, maya, _ = entry_with_budget(session, users)
    auth.login("manager@example.com")
    page = client.get(f"/campaigns/entries/{maya.id}/").get_data(as_text=True)
    assert 'id="fee-currency"' in page and 'value="EUR"' in page  # a new fee starts in the budget's currency
    added = client.post(f"/campaigns/entries/{maya.id}/fee", data={
        "fee-description": "A sponsored review", "fee-amount": "450.00", "fee-currency": "eur",
        "fee-due_on": "2030-01-31", "fee-invoice_reference": ""}, follow_redirects=True)
    text = added.get_data(as_text=True)
    assert "Fee recorded." in text and "450.00 EUR" in text and "due 2030-01-31" in text
    fee = session.exec(select(Fee)).one()
    assert (fee.status, fee.agreed_on, fee.created_by_id) == ("agreed", utc_today(), users["manager"][0])
    client.post(f"/campaigns/fees/{fee.id}/status", data={"status": "invoiced", "invoice_reference": "INV-9"})
    paid = client.post(f"/campaigns/fees/{fee.id}/status", data={"status": "paid", "on": ""}, follow_redirects=True)
    assert "Fee marked paid." in paid.get_data(as_text=True)
    session.refresh(fee)
    assert (fee.status, fee.invoice_reference, fee.paid_on) == ("paid", "INV-9", utc_today())
    timeline = client.get(f"/campaigns/entries/{maya.id}/").get_data(as_text=True)
    assert "Fee: 450.00 EUR for A sponsored review (paid)" in timeline and "Invoice INV-9" in timeline
    assert "Fee invoiced: A sponsored review" in timeline and "Fee paid: A sponsored review" in timeline


def test_a_bad_fee_comes_back_with_the_reason_and_stores_nothing(client, auth, session, users):
    _, maya, _ = entry_with_budget(session, users)
    auth.login("manager@example.com")
    tomorrow = (utc_today() + timedelta(days=2)).isoformat()
    for fields, reason in (({"fee-amount": "-5"}, "Number must be between 0 and 100000000"),
                           ({"fee-amount": "12.345"}, "At most two decimals"),
                           ({"fee-amount": "lots"}, "Not a valid decimal value"),
                           ({"fee-amount": "nan"}, "Number must be between 0 and 100000000"),
                           ({"fee-currency": "E1"}, "Not in the expected form"),
                           ({"fee-description": ""}, "This field is required"),
                           ({"fee-agreed_on": "2026-12-05", "fee-due_on": "2026-12-01"}, "Due before it was agreed?"),
                           ({"fee-agreed_on": tomorrow}, "the agreed day cannot be ahead of today")):
        data = {"fee-description": "A video", "fee-amount": "300", "fee-currency": "EUR", **fields}
        response = client.post(f"/campaigns/entries/{maya.id}/fee", data=data)
        assert response.status_code == 400, fields
        assert reason in response.get_data(as_text=True), fields
    assert session.exec(select(Fee)).all() == []


def test_a_fee_status_out_of_order_or_a_bad_day_is_explained(client, auth, session, users):
    _, maya, _ = entry_with_budget(session, users)
    auth.login("manager@example.com")
    client.post(f"/campaigns/entries/{maya.id}/fee", data={"fee-description": "A video", "fee-amount": "300",
                                                          "fee-currency": "EUR"})
    fee = session.exec(select(Fee)).one()
    for data, reason in (({"status": "paid", "on": "31/12/2026"}, "is not a day: write it as YYYY-MM-DD"),
                         ({"status": "paid", "on": "2099-01-01"}, "That day has not come yet"),
                         ({"status": "agreed"}, "can be marked invoiced, paid, cancelled, not agreed"),
                         ({"status": "invoiced", "invoice_reference": "x" * 101}, "at most 100 characters")):
        page = client.post(f"/campaigns/fees/{fee.id}/status", data=data, follow_redirects=True)
        assert page.status_code == 200 and reason in page.get_data(as_text=True), data
    session.refresh(fee)
    assert fee.status == "agreed"
    client.post(f"/campaigns/fees/{fee.id}/status", data={"status": "cancelled"})
    session.refresh(fee)
    assert fee.status == "cancelled"


def test_staff_outside_the_campaign_never_see_its_fees(client, auth, session, users):
    _, maya, _ = entry_with_budget(session, users)
    session.add(Fee(entry_id=maya.id, description="A video", amount=Decimal("300"), currency="EUR",
                    agreed_on=date(2026, 12, 1)))
    session.commit()
    fee_id = session.exec(select(Fee.id)).one()
    auth.login("staff@example.com")  # not a member of the campaign
    assert client.post(f"/campaigns/fees/{fee_id}/status", data={"status": "paid"}).status_code == 403
    assert client.post(f"/campaigns/entries/{maya.id}/fee", data={"fee-description": "x", "fee-amount": "1",
                                                                 "fee-currency": "EUR"}).status_code == 403
    assert session.exec(select(Fee.status)).one() == "agreed"


def test_the_budget_is_set_on_the_campaign_form_and_read_on_the_dashboard(client, auth, session, users):
    campaign, maya, leo = entry_with_budget(session, users, budget=None)
    auth.login("manager@example.com")
    form = {"name": campaign.name, "brand": "Northbrew", "coverage_stage_kind": "covered",
            "member_ids": [users["manager"][0]]}
    no_currency = client.post(f"/campaigns/{campaign.id}/edit", data={**form, "budget": "2000"})
    assert no_currency.status_code == 400 and "Say which currency the budget is in." in no_currency.get_data(as_text=True)
    client.post(f"/campaigns/{campaign.id}/edit", data={**form, "budget": "2000", "budget_currency": "eur"})
    session.refresh(campaign)
    assert (campaign.budget, campaign.budget_currency) == (Decimal("2000.00"), "EUR")
    for entry, description, amount, currency in ((maya, "A review", "1500", "EUR"), (leo, "A video", "900", "EUR"),
                                                 (leo, "A podcast slot", "120", "USD")):
        client.post(f"/campaigns/entries/{entry.id}/fee", data={
            "fee-description": description, "fee-amount": amount, "fee-currency": currency, "fee-due_on": "2026-01-02",
            "fee-agreed_on": "2026-01-01"})
    session.add(Coverage(entry_id=maya.id, url="https://maya.example/review", title="Review", status="confirmed"))
    session.commit()
    page = client.get(f"/dashboard/?campaign={campaign.id}").get_data(as_text=True)
    assert "Budget <strong>2,000.00 EUR</strong>" in page and "2,400.00 committed (120.0%)" in page
    assert "400.00 over budget" in page
    entry_page = client.get(f"/campaigns/entries/{maya.id}/").get_data(as_text=True)
    assert "400.00 EUR over</span> its 2,000.00." in entry_page
    assert 'data-testid="cost-per-post">2,400.00 EUR' in page
    assert "Besides, 120.00 USD in fees not counted against the budget." in page
    assert "<th>Fees overdue</th><td>3</td>" in page
    rows = list(csv.DictReader(io.StringIO(client.get(f"/dashboard/fees.csv?campaign={campaign.id}")
                                           .get_data(as_text=True))))
    assert [(row["blogger"], row["description"], row["amount"], row["overdue"]) for row in rows] == [
        ("Maya Pour", "A review", "1500.00", "True"), ("Leo Trail", "A video", "900.00", "True"),
        ("Leo Trail", "A podcast slot", "120.00", "True")]
    later = client.get(f"/dashboard/?campaign={campaign.id}&start=2026-02-01").get_data(as_text=True)
    assert "No fee agreed in this range." in later and "Budget <strong>2,000.00 EUR</strong>" in later


def test_the_board_flags_fees_to_pay_and_overdue_and_home_points_to_them(client, auth, session, users):
    campaign, maya, leo = entry_with_budget(session, users)
    session.add_all([Fee(entry_id=maya.id, description="A review", amount=Decimal("300"), currency="EUR",
                         agreed_on=date(2026, 1, 1), due_on=date(2026, 1, 31)),
                     Fee(entry_id=maya.id, description="A story", amount=Decimal("50"), currency="EUR",
                         agreed_on=date(2026, 1, 1)),
                     Fee(entry_id=leo.id, description="A video", amount=Decimal("500"), currency="EUR",
                         agreed_on=date(2026, 1, 1), due_on=utc_today() + timedelta(days=30)),
                     Fee(entry_id=leo.id, description="A podcast", amount=Decimal("90"), currency="EUR",
                         agreed_on=date(2026, 1, 1), due_on=date(2026, 1, 2), status="paid",
                         paid_on=date(2026, 1, 2))])
    session.commit()
    auth.login("manager@example.com")
    board = client.get(f"/campaigns/{campaign.id}/").get_data(as_text=True)
    assert board.count("Fee overdue</span>") == 1 and board.count("Fee to pay</span>") == 1  # Maya's, Leo's
    for flag, shown in (("fee_to_pay", {"Maya Pour", "Leo Trail"}), ("fee_overdue", {"Maya Pour"})):
        page = client.get(f"/campaigns/{campaign.id}/?flag={flag}").get_data(as_text=True)
        assert {name for name in ("Maya Pour", "Leo Trail") if f">{name}</a>" in page} == shown, flag
    home = client.get("/").get_data(as_text=True)
    assert f'/campaigns/{campaign.id}/?flag=fee_overdue">Autumn launch</a>' in home
    assert '<span class="flag flag-overdue">1 blogger</span>' in home
    session.exec(select(Fee).where(Fee.description == "A review")).one().status = "cancelled"
    session.commit()
    assert 'data-testid="fees-overdue"' not in client.get("/").get_data(as_text=True)


def test_the_pipeline_csv_says_what_each_blogger_is_paid(client, auth, session, users):
    campaign, maya, leo = entry_with_budget(session, users)
    for description, amount, currency, status in (("A review", "300", "EUR", "agreed"), ("A story", "50.5", "EUR", "paid"),
                                                  ("A slot", "90", "USD", "agreed"), ("A giveaway", "999", "EUR",
                                                                                      "cancelled")):
        session.add(Fee(entry_id=maya.id, description=description, amount=Decimal(amount), currency=currency,
                        agreed_on=date(2026, 1, 1), status=status))
    session.commit()
    auth.login("manager@example.com")
    rows = list(csv.DictReader(io.StringIO(client.get(f"/campaigns/{campaign.id}/pipeline.csv").get_data(as_text=True))))
    assert {row["blogger"]: row["fees"] for row in rows} == {"Maya Pour": "350.50 EUR + 90.00 USD", "Leo Trail": ""}


def test_a_sample_or_fee_dated_today_is_the_person_s_today(client, auth, session, users):
    _, maya, _ = entry_with_budget(session, users)
    # Kiritimati and Pago Pago are 25 hours apart: their dates always differ.
    dates = {}
    for email, zone in (("manager@example.com", "Pacific/Kiritimati"), ("admin@example.com", "Pacific/Pago_Pago")):
        session.exec(select(User).where(User.email == email)).one().time_zone = zone
        session.commit()
        auth.login(email)
        client.post(f"/campaigns/entries/{maya.id}/sample", data={
            "sample-item": f"Kit for {zone}", "sample-quantity": "1", "sample-unit_value": "10",
            "sample-currency": "EUR", "sample-status": "sent"})
        client.post(f"/campaigns/entries/{maya.id}/fee", data={"fee-description": f"Post for {zone}",
                                                              "fee-amount": "10", "fee-currency": "EUR"})
        auth.logout()
        dates[zone] = today_in(zone)
    assert dates["Pacific/Kiritimati"] != dates["Pacific/Pago_Pago"]
    samples = {sample.item: sample.sent_on for sample in session.exec(select(Sample))}
    fees = {fee.description: fee.agreed_on for fee in session.exec(select(Fee))}
    for zone, day in dates.items():
        assert samples[f"Kit for {zone}"] == day and fees[f"Post for {zone}"] == day


def test_an_open_fee_is_corrected_and_a_settled_one_is_not(client, auth, session, users):
    _, maya, _ = entry_with_budget(session, users)
    session.add(Fee(entry_id=maya.id, description="A review", amount=Decimal("300"), currency="EUR",
                    agreed_on=date(2026, 12, 1), status="invoiced", invoiced_on=date(2026, 12, 3)))
    session.commit()
    fee = session.exec(select(Fee)).one()
    auth.login("manager@example.com")
    page = client.get(f"/campaigns/fees/{fee.id}/edit").get_data(as_text=True)
    assert 'value="A review"' in page and 'value="300.00"' in page
    form = {"description": "A review and a story", "amount": "350", "currency": "eur", "agreed_on": "2026-12-01",
            "due_on": "2026-12-31", "invoice_reference": "INV-3"}
    late = client.post(f"/campaigns/fees/{fee.id}/edit", data={**form, "agreed_on": "2026-12-04"})
    assert late.status_code == 400 and "It was invoiced on 2026-12-03" in late.get_data(as_text=True)
    assert client.post(f"/campaigns/fees/{fee.id}/edit", data={**form, "amount": "-1"}).status_code == 400
    saved = client.post(f"/campaigns/fees/{fee.id}/edit", data=form, follow_redirects=True)
    assert "Fee saved." in saved.get_data(as_text=True)
    session.refresh(fee)
    assert (fee.description, fee.amount, fee.currency, fee.due_on, fee.status) == (
        "A review and a story", Decimal("350.00"), "EUR", date(2026, 12, 31), "invoiced")
    fee.status = "paid"
    session.commit()
    settled = client.post(f"/campaigns/fees/{fee.id}/edit", data=form)
    assert settled.status_code == 400 and "This fee is paid: it cannot be changed" in settled.get_data(as_text=True)


def test_the_campaigns_list_reads_each_campaign_s_progress_and_budget(client, auth, session, users):
    campaign, maya, leo = entry_with_budget(session, users, budget="500")
    campaign.coverage_goal = 4
    session.add_all([Fee(entry_id=maya.id, description="A review", amount=Decimal("400"), currency="EUR",
                         agreed_on=date(2026, 12, 1)),
                     Fee(entry_id=leo.id, description="A video", amount=Decimal("300"), currency="EUR",
                         agreed_on=date(2026, 12, 1)),
                     Fee(entry_id=leo.id, description="A slot", amount=Decimal("90"), currency="USD",
                         agreed_on=date(2026, 12, 1)),
                     Coverage(entry_id=maya.id, url="https://maya.example/review", title="Review", status="confirmed")])
    session.commit()
    from outreach.core.pipeline import log_pitch

    log_pitch(session, session.get(User, users["manager"][0]), maya, channel="email", subject="Hi", message="",
              follow_up_on=None)
    session.commit()
    auth.login("manager@example.com")
    page = client.get("/campaigns/").get_data(as_text=True)
    row = page[page.index(f'data-campaign="{campaign.id}"'):]
    row = row[:row.index("</tr>")]
    cells = [cell.split(">", 1)[1].split("</td>")[0] for cell in row.split("<td")[1:]]
    assert cells[3:7] == ["2", "1", "0", "1 of 4"]  # bloggers, pitched, replied, coverage of its goal
    assert '<span class="flag flag-overdue">700.00 of 500.00 EUR</span>' in row
