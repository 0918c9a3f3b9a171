"""The board's cards as HTML, written in Python rather than Jinja.

Kept for the board's target on bench/web.py: p95 under 200 ms. A board shows some 180
cards; against a Jinja macro per card (url_for for its two links), on the same database
in interleaved runs, the board took 14.5 ms of server CPU a request with the macro and
9.4 ms with this. On a quiet machine it met its target at a p95 of 108-137 ms with
7.9-8.9 ms, so the macro puts it at about 170-210 ms. Every text field is escaped here;
the numbers and dates are formatted from their types and cannot carry markup.
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

from outreach.core.engagement import figures
from outreach.web.campaigns.queries import NO_DUE_DAY, BoardCard
from outreach.web.templating import id_url_pattern

CARD = (
    '<li class="card-item{dnc_class}" data-entry="{id}" data-version="{version}"\n'
    '    data-move-url="{move_url}" tabindex="0">\n'
    # Checked cards are the bulk bar's items (form="bulk-form": the bar is outside the board).
    '  <input type="checkbox" class="card-select bulk-item" name="entry" value="{id}:{version}" form="bulk-form"\n'
    '    aria-label="Select {name}">\n'
    '  <a class="card-title" href="{entry_url}">{name}</a>\n'
    '  <dl class="card-facts">{facts}</dl>\n'
    '  <p class="flags">{flags}</p>\n'
    # The "Move" link leads to the entry page's stage form, for keyboards and no JavaScript.
    '  <a class="card-move" href="{entry_url}#stage_id">Move<span class="visually-hidden"> {name}</span>…</a>\n'
    '</li>\n'
)
OVERDUE = '<span class="flag flag-overdue">Overdue</span>'
SAMPLE_OUT = '<span class="flag flag-sample">Sample out</span>'
FEE_TO_PAY = '<span class="flag flag-fee">Fee to pay</span>'
FEE_OVERDUE = '<span class="flag flag-overdue">Fee overdue</span>'
POST_DUE = '<span class="flag flag-fee">Post due {day}</span>'
POST_LATE = '<span class="flag flag-overdue">Post late</span>'
POST_AGREED = '<span class="flag flag-fee">Post agreed</span>'  # no day set for it
COVERAGE_TO_REVIEW = '<span class="flag flag-coverage">Coverage to review</span>'
DO_NOT_CONTACT = '<span class="flag flag-dnc">Do not contact</span>'


def board_cards(cards: list[BoardCard], campaign_id: int, today: date) -> Markup:
    """The cards of one column, in order."""
    entry_url = id_url_pattern("campaigns.entry", entry_id=0)
    move_url = id_url_pattern("campaigns.move", campaign_id=campaign_id, entry_id=0)
    return Markup("".join(card_html(card, entry_url, move_url, today) for card in cards))


SHORT_UNITS = {"Conversation": "replies", "Amplification": "shares", "Applause": "likes", "Views": "views"}


def engagement_fact(rates: dict) -> str:
    """Open engagement per post, in short, with its sources and when it was read."""
    parts = " · ".join(f"{value:g} {SHORT_UNITS[label]}" for label, value, _, _ in figures(rates))
    sources = ", ".join(rates.get("sources", []))
    read = escape(rates.get("read_at", "")[:10])
    return (f'<dt>Engagement</dt><dd class="card-engagement">{escape(parts)} per post '
            f'<small>({escape(sources)}, {read})</small></dd>')


def card_html(card: BoardCard, entry_url: str, move_url: str, today: date) -> str:
    entry = card.entry
    facts = []
    if entry.score is not None:
        facts.append(f"<dt>Score</dt><dd>{int(round(entry.score))}</dd>")
    if card.owner:
        facts.append(f"<dt>Owner</dt><dd>{escape(card.owner)}</dd>")
    if entry.last_contact_at:
        facts.append(f"<dt>Last contact</dt><dd>{entry.last_contact_at.date()}</dd>")
    if entry.next_follow_up_on:
        facts.append(f"<dt>Follow up</dt><dd>{entry.next_follow_up_on}</dd>")
    if card.engagement:
        facts.append(engagement_fact(card.engagement))
    flags = []
    if card.is_overdue(today):
        flags.append(OVERDUE)
    if card.samples_out:
        flags.append(SAMPLE_OUT)
    if card.fee_due is not None:
        flags.append(FEE_OVERDUE if card.fee_due < today else FEE_TO_PAY)
    if card.post_due == NO_DUE_DAY:
        flags.append(POST_AGREED)
    elif card.post_due is not None:
        flags.append(POST_LATE if card.post_due < today else POST_DUE.format(day=card.post_due))
    if card.coverage_to_review:
        flags.append(COVERAGE_TO_REVIEW)
    if card.do_not_contact:
        flags.append(DO_NOT_CONTACT)
    return CARD.format(
        dnc_class=" dnc" if card.do_not_contact else "", id=int(entry.id), version=int(entry.version),
        move_url=move_url.format(int(entry.id)), entry_url=entry_url.format(int(entry.id)),
        name=escape(card.name), facts="".join(facts), flags="".join(flags),
    )
