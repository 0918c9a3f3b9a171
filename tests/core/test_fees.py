"""Fees agreed with bloggers: recorded, invoiced, paid or cancelled under the rules, and what they
come to per currency and against a campaign's budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from outreach.core.do_not_contact import mark_do_not_contact
from outreach.core.fees import campaign_spending, fee_totals, record_fee, set_fee_status
from outreach.core.models import AuditEvent, Blogger, Coverage, Fee, PipelineEntry, User
from outreach.core.reports import ReportFilter, pipeline_report
from outreach.core.stages import ContactRefused, PipelineError
from tests.factories import make_campaign_with_entries

TODAY = date(2026, 12, 7)


@pytest.fixture
def campaign_and_entries(session, users):
    manager = session.get(User, users["manager"][0])
    campaign, entries = make_campaign_with_entries(session, manager.id)
    return manager, campaign, entries


def fee(description: str, amount: str, currency: str = "EUR", **fields) -> Fee:
    return Fee(description=description, amount=Decimal(amount), currency=currency, **fields)


def test_a_fee_goes_from_agreed_to_invoiced_to_paid_and_then_stays(session, campaign_and_entries):
    manager, _, (maya, _) = campaign_and_entries
    review = record_fee(session, manager, maya, fee("A review post", "400", "eur"), today=TODAY)
    assert (review.status, review.currency, review.agreed_on) == ("agreed", "EUR", TODAY)
    set_fee_status(session, manager, review, "invoiced", today=TODAY, invoice_reference=" INV-17 ")
    assert (review.status, review.invoiced_on, review.invoice_reference) == ("invoiced", TODAY, "INV-17")
    with pytest.raises(PipelineError, match="not come yet"):
        set_fee_status(session, manager, review, "paid", today=TODAY, on=date(2026, 12, 8))
    set_fee_status(session, manager, review, "paid", today=TODAY, on=date(2026, 12, 7))
    assert (review.status, review.paid_on, review.invoice_reference) == ("paid", TODAY, "INV-17")
    with pytest.raises(PipelineError, match="paid already"):
        set_fee_status(session, manager, review, "cancelled", today=TODAY)
    session.commit()
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.object_type == "fee")
                           .order_by(AuditEvent.id)).all()
    assert actions == ["added_fee", "fee_invoiced", "fee_paid"]


def test_a_fee_is_not_marked_before_it_was_agreed_nor_against_the_order(session, campaign_and_entries):
    manager, _, (maya, _) = campaign_and_entries
    video = record_fee(session, manager, maya, fee("A video", "900", agreed_on=date(2026, 12, 1)), today=TODAY)
    with pytest.raises(PipelineError, match=r"before the fee was agreed \(2026-12-01\)"):
        set_fee_status(session, manager, video, "paid", today=TODAY, on=date(2026, 11, 30))
    with pytest.raises(PipelineError, match="can be marked invoiced, paid, cancelled, not agreed"):
        set_fee_status(session, manager, video, "agreed", today=TODAY)
    set_fee_status(session, manager, video, "cancelled", today=TODAY)
    with pytest.raises(PipelineError, match="cancelled already"):
        set_fee_status(session, manager, video, "paid", today=TODAY)


def test_no_fee_is_agreed_with_a_blogger_on_the_do_not_contact_list(session, campaign_and_entries):
    manager, _, (maya, _) = campaign_and_entries
    mark_do_not_contact(session, manager, session.get(Blogger, maya.blogger_id), "asked us to stop")
    with pytest.raises(ContactRefused, match="asked us to stop.*the fee was not recorded"):
        record_fee(session, manager, maya, fee("A review", "100"), today=TODAY)
    assert session.exec(select(Fee)).all() == []


def test_totals_are_per_currency_and_leave_cancelled_fees_out(session, campaign_and_entries):
    manager, _, (maya, leo) = campaign_and_entries
    late = record_fee(session, manager, maya, fee("A review", "400", due_on=date(2026, 12, 5),
                                                  agreed_on=date(2026, 11, 20)), today=TODAY)
    paid = record_fee(session, manager, leo, fee("Two stories", "150.50", agreed_on=date(2026, 11, 2),
                                                 due_on=date(2026, 11, 3)), today=TODAY)
    set_fee_status(session, manager, paid, "paid", today=TODAY)
    record_fee(session, manager, leo, fee("A podcast slot", "300", "USD"), today=TODAY)
    dropped = record_fee(session, manager, maya, fee("A giveaway", "999"), today=TODAY)
    set_fee_status(session, manager, dropped, "cancelled", today=TODAY)
    euros, dollars = fee_totals([late, paid, dropped, *session.exec(select(Fee).where(Fee.currency == "USD"))], TODAY)
    assert (euros.currency, euros.fees, euros.committed, euros.paid, euros.to_pay) == (
        "EUR", 2, Decimal("550.50"), Decimal("150.50"), Decimal("400"))
    assert (euros.overdue, euros.overdue_fees) == (Decimal("400"), 1)  # the paid one was due too, but is paid
    assert (dollars.currency, dollars.committed, dollars.overdue_fees) == ("USD", Decimal("300"), 0)


def test_a_campaign_spends_its_budget_in_its_currency_and_counts_the_cost_of_a_post(session, campaign_and_entries):
    manager, campaign, (maya, leo) = campaign_and_entries
    assert campaign_spending(session, campaign, TODAY) is None  # no budget and no fee: nothing to say
    campaign.budget, campaign.budget_currency = Decimal("1000"), "EUR"
    record_fee(session, manager, maya, fee("A review", "400"), today=TODAY)
    record_fee(session, manager, leo, fee("A video", "800"), today=TODAY)
    record_fee(session, manager, leo, fee("A podcast slot", "300", "USD"), today=TODAY)
    session.add(Coverage(entry_id=maya.id, url="https://maya.example/review", title="Review", status="confirmed"))
    session.add(Coverage(entry_id=leo.id, url="https://leo.example/video", title="Video", status="confirmed"))
    session.commit()
    spending = campaign_spending(session, campaign, TODAY)
    assert (spending.committed, spending.left, spending.share) == (Decimal("1200.00"), Decimal("-200.00"), 1.2)
    assert spending.cost_per_post == Decimal("600.00")
    assert [(row.currency, row.committed) for row in spending.others] == [("USD", Decimal("300.00"))]


def test_the_report_lists_the_fees_agreed_in_its_range(session, campaign_and_entries):
    manager, campaign, (maya, leo) = campaign_and_entries
    record_fee(session, manager, maya, fee("A review", "400", agreed_on=date(2026, 10, 1)), today=TODAY)
    record_fee(session, manager, leo, fee("A video", "800", agreed_on=date(2026, 11, 10), due_on=date(2026, 11, 30)),
               today=TODAY)
    session.commit()
    report = pipeline_report(session, ReportFilter(campaign_id=campaign.id, start=date(2026, 11, 1)), TODAY)
    assert [(row["blogger"], row["description"], row["overdue"]) for row in report.fees] == [
        ("Leo Trail", "A video", True)]
    assert [(row.currency, row.committed) for row in report.fee_totals] == [("EUR", Decimal("800.00"))]
    session.get(PipelineEntry, maya.id).owner_id = None
    session.get(PipelineEntry, leo.id).owner_id = manager.id
    session.commit()
    mine = pipeline_report(session, ReportFilter(staff_id=manager.id), TODAY)
    assert [row["description"] for row in mine.fees] == ["A video"]  # their pipeline: the entries they own
