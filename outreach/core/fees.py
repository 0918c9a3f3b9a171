"""Fees agreed with bloggers for paid posts: recorded, invoiced, paid or cancelled, and what a
campaign's fees come to against its budget."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_
from sqlmodel import Session, func, select

from outreach.core import audit
from outreach.core.campaigns import coverage_won
from outreach.core.cards import cards_changed
from outreach.core.models import Blogger, Campaign, Fee, PipelineEntry, User
from outreach.core.stages import PipelineError, refuse_if_do_not_contact

# Where a fee may go from each status: a paid or cancelled fee is settled.
NEXT_STATUSES = {"agreed": ("invoiced", "paid", "cancelled"), "invoiced": ("paid", "cancelled")}
OPEN_STATUSES = frozenset(NEXT_STATUSES)


def record_fee(session: Session, user: User, entry: PipelineEntry, fee: Fee, *, today: date) -> Fee:
    """Add a fee agreed with the entry's blogger; agreeing to pay is contact, so a blogger on the
    do-not-contact list is refused."""
    refuse_if_do_not_contact(session.get(Blogger, entry.blogger_id), "the fee was not recorded")
    refuse_future_agreement(fee.agreed_on, today)
    fee.entry_id = entry.id
    fee.created_by_id = user.id
    fee.currency = fee.currency.upper()
    fee.status = "agreed"
    fee.agreed_on = fee.agreed_on or today
    session.add(fee)
    session.flush()
    cards_changed(session, [entry.id])  # "Fee to pay" on the card
    audit.record(session, user, "added_fee", "fee", fee.id, entry_id=entry.id, description=fee.description,
                 amount=f"{fee.amount:.2f} {fee.currency}")
    return fee


def change_fee(session: Session, user: User, fee: Fee, *, description: str, amount: Decimal, currency: str,
               agreed_on: date, due_on: date | None, invoice_reference: str, today: date) -> None:
    """Correct what was agreed while the fee is open (a paid or cancelled one is settled)."""
    if fee.status not in OPEN_STATUSES:
        raise PipelineError(f"This fee is {fee.status}: it cannot be changed; record a new one if something else was "
                            "agreed.")
    refuse_future_agreement(agreed_on, today)
    if fee.invoiced_on and agreed_on > fee.invoiced_on:
        raise PipelineError(f"It was invoiced on {fee.invoiced_on.isoformat()}, so it was agreed before that.")
    before = f"{fee.amount:.2f} {fee.currency}"
    fee.description, fee.amount, fee.currency = description.strip(), amount, currency.upper()
    fee.agreed_on, fee.due_on, fee.invoice_reference = agreed_on, due_on, invoice_reference.strip()
    session.add(fee)
    cards_changed(session, [fee.entry_id])
    audit.record(session, user, "changed_fee", "fee", fee.id, entry_id=fee.entry_id, before=before,
                 after=f"{amount:.2f} {fee.currency}")


def refuse_future_agreement(agreed_on: date | None, today: date) -> None:
    if agreed_on is not None and agreed_on > today:
        raise PipelineError("A fee is recorded once it is agreed: the agreed day cannot be ahead of today.")


def set_fee_status(session: Session, user: User, fee: Fee, status: str, *, today: date,
                   on: date | None = None, invoice_reference: str = "") -> None:
    """Mark a fee invoiced, paid (on a given day, else today) or cancelled; a settled fee stays so."""
    if status not in NEXT_STATUSES.get(fee.status, ()):
        if fee.status in OPEN_STATUSES:
            raise PipelineError(f"A fee that is {fee.status} can be marked "
                                f"{', '.join(NEXT_STATUSES[fee.status])}, not {status}.")
        raise PipelineError(f"This fee is {fee.status} already; record a new one if something else was agreed.")
    day = on or today
    if day > today:
        raise PipelineError("That day has not come yet: mark the fee when it happens.")
    if day < fee.agreed_on:
        raise PipelineError(f"That is before the fee was agreed ({fee.agreed_on.isoformat()}).")
    if status == "invoiced":
        fee.invoiced_on = day
    elif status == "paid":
        fee.paid_on = day
    if status != "cancelled":
        fee.invoice_reference = invoice_reference.strip() or fee.invoice_reference
    fee.status = status
    session.add(fee)
    cards_changed(session, [fee.entry_id])
    audit.record(session, user, f"fee_{status}", "fee", fee.id, entry_id=fee.entry_id)


def to_pay():
    """The SQL condition of a fee still to pay."""
    return Fee.status.in_(OPEN_STATUSES)


def overdue(today):
    """The SQL condition of a fee still to pay though its due day (before `today`, a date or a bound
    parameter) has passed; is_overdue says the same of one fee."""
    return and_(to_pay(), Fee.due_on < today)


def overdue_fee_count(session: Session, campaign_id: int, today: date) -> int:
    """How many of the campaign's fees are still to pay though their due day has passed."""
    return session.exec(select(func.count(Fee.id)).join(PipelineEntry, PipelineEntry.id == Fee.entry_id)
                        .where(PipelineEntry.campaign_id == campaign_id, overdue(today))).one()


def is_overdue(fee: Fee, today: date) -> bool:
    """An open fee whose due day has passed (the condition `overdue` puts to the database)."""
    return fee.status in OPEN_STATUSES and fee.due_on is not None and fee.due_on < today


@dataclass
class FeeTotals:
    """What fees in one currency come to: committed (agreed, invoiced or paid), paid, still to pay
    and overdue."""

    currency: str
    committed: Decimal = Decimal("0")
    paid: Decimal = Decimal("0")
    to_pay: Decimal = Decimal("0")
    overdue: Decimal = Decimal("0")
    fees: int = 0
    overdue_fees: int = 0


def fee_totals(fees: Iterable[Fee], today: date) -> list[FeeTotals]:
    """Totals per currency, the currency with most committed first; cancelled fees count nowhere."""
    totals: dict[str, FeeTotals] = {}
    for fee in fees:
        if fee.status == "cancelled":
            continue
        row = totals.setdefault(fee.currency, FeeTotals(fee.currency))
        row.fees += 1
        row.committed += fee.amount
        if fee.status == "paid":
            row.paid += fee.amount
        else:
            row.to_pay += fee.amount
        if is_overdue(fee, today):
            row.overdue += fee.amount
            row.overdue_fees += 1
    cent = Decimal("0.01")
    for row in totals.values():
        row.committed, row.paid, row.to_pay, row.overdue = (
            value.quantize(cent) for value in (row.committed, row.paid, row.to_pay, row.overdue))
    return sorted(totals.values(), key=lambda row: (-row.committed, row.currency))


@dataclass
class Spending:
    """A campaign's fees against its budget: only fees in the budget's currency count against it."""

    budget: Decimal | None
    currency: str
    committed: Decimal
    paid: Decimal
    coverage_posts: int
    others: list[FeeTotals]  # fees in other currencies, shown beside the budget, not counted in it

    @property
    def left(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed

    @property
    def share(self) -> float | None:
        """How much of the budget is committed (over 1 when overspent)."""
        return float(self.committed / self.budget) if self.budget else None

    @property
    def cost_per_post(self) -> Decimal | None:
        """What each confirmed coverage post cost in fees, in the budget's currency."""
        return (self.committed / self.coverage_posts).quantize(Decimal("0.01")) if self.coverage_posts else None


def campaign_spending(session: Session, campaign: Campaign, today: date) -> Spending | None:
    """Every fee of the campaign against its budget (None when it has neither)."""
    fees = session.exec(select(Fee).join(PipelineEntry, PipelineEntry.id == Fee.entry_id)
                        .where(PipelineEntry.campaign_id == campaign.id)).all()
    if campaign.budget is None and not fees:
        return None
    totals = fee_totals(fees, today)
    currency = campaign.budget_currency or (totals[0].currency if totals else "")
    counted = next((row for row in totals if row.currency == currency), FeeTotals(currency))
    return Spending(budget=campaign.budget, currency=currency, committed=counted.committed, paid=counted.paid,
                    coverage_posts=coverage_won(session, campaign.id),
                    others=[row for row in totals if row.currency != currency])
