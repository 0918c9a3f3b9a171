"""In Chromium: the campaign board (drag, keyboard form, conflicts) and an entry's page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from outreach.core.models import PipelineEntry, Stage
from outreach.core.stages import stage_of_kind
from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


@pytest.fixture
def board(live_server, engine, users):
    with Session(engine) as session:
        campaign, entries = make_campaign_with_entries(session, users["manager"][0])
        stages = {kind: stage_of_kind(session, campaign.id, kind).id
                  for kind in ("shortlisted", "researching", "pitched")}
        return campaign.id, [entry.id for entry in entries], stages


def drag(page, source, target):
    """Drag with real mouse moves, as a person would."""
    start = box_of(page, source)
    end = box_of(page, target)
    page.mouse.move(start["x"] + 20, start["y"] + 10)
    page.mouse.down()
    page.mouse.move(start["x"] + 30, start["y"] + 20, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 20, steps=15)
    page.mouse.up()


def box_of(page, locator):
    """Where the element is; a live board may be swapping its columns in that moment."""
    for _ in range(50):
        box = locator.bounding_box()
        if box is not None:
            return box
        page.wait_for_timeout(100)
    raise AssertionError(f"{locator} never showed on the page")


def stage_kind_of(engine, entry_id):
    with Session(engine) as session:
        return session.get(Stage, session.get(PipelineEntry, entry_id).stage_id).kind


def test_drag_card_to_another_column(live_server, page, engine, board):
    campaign_id, (entry_id, _), stages = board
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    drag(page, page.locator(f"li[data-entry='{entry_id}']"),
         page.locator(f"ol[data-stage='{stages['pitched']}']"))
    page.wait_for_selector("#board-status.flash-success")
    expect(page.locator("#board-status")).to_have_text("Moved to Pitched.", use_inner_text=True)
    expect(page.locator(f"ol[data-stage='{stages['pitched']}'] li[data-entry='{entry_id}']")).to_have_count(1)
    assert stage_kind_of(engine, entry_id) == "pitched"
    page.reload()
    expect(page.locator(f"ol[data-stage='{stages['pitched']}'] li[data-entry='{entry_id}']")).to_have_count(1)


def test_move_with_the_keyboard(live_server, page, engine, board):
    campaign_id, (_, entry_id), stages = board
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    page.locator(f"li[data-entry='{entry_id}'] .card-move").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Leo Trail')")
    page.focus("#stage_id")
    page.select_option("#stage_id", str(stages["researching"]))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Moved to Researching.")
    assert stage_kind_of(engine, entry_id) == "researching"


def test_stale_board_gets_reload_message(live_server, page, engine, board):
    campaign_id, (entry_id, _), stages = board
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    # A colleague moves the card after this board was loaded.
    with Session(engine) as session:
        entry = session.get(PipelineEntry, entry_id)
        entry.stage_id = stages["researching"]
        session.add(entry)
        session.commit()
    drag(page, page.locator(f"li[data-entry='{entry_id}']"),
         page.locator(f"ol[data-stage='{stages['pitched']}']"))
    page.wait_for_selector("#board-status.flash-error")
    assert "This card changed since you loaded it" in page.locator("#board-status").inner_text()
    assert stage_kind_of(engine, entry_id) == "researching"
    # The card went back where it was on this (stale) board.
    expect(page.locator(f"ol[data-stage='{stages['shortlisted']}'] li[data-entry='{entry_id}']")).to_have_count(1)


def test_entry_page_logs_pitch_and_shows_timeline(live_server, page, engine, board):
    campaign_id, (entry_id, _), _ = board
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    page.click("text=Maya Pour")
    page.fill("#pitch-subject", "Our new autumn roast")
    page.fill("#pitch-message", "Hi Maya, would you like to try it?")
    page.click("button:has-text('Log pitch')")
    page.wait_for_selector("text=Pitch logged.")
    expect(page.locator("[data-testid=stage]")).to_have_text("Pitched", use_inner_text=True)
    assert "Pitch by email: Our new autumn roast" in page.locator("#timeline").inner_text()
    page.click("summary:has-text('Add a note')")
    page.click("button:has-text('Add note')")
    page.wait_for_selector(".field-error")
    assert "This field is required." in page.locator("#note").inner_text()


def test_show_all_loads_the_rest_of_a_column(live_server, page, engine, users):
    from outreach.web.campaigns.queries import BOARD_COLUMN_LIMIT

    names = [f"Blogger {index:02}" for index in range(BOARD_COLUMN_LIMIT + 3)]
    with Session(engine) as session:
        campaign, _ = make_campaign_with_entries(session, users["manager"][0], names=names)
        campaign_id = campaign.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    expect(page.locator(".card-item")).to_have_count(BOARD_COLUMN_LIMIT)
    page.click(f"text=Show all {len(names)}")
    # Playwright's own waiting: wait_for_function polls with eval in the page, which the CSP refuses.
    expect(page.locator(".card-item")).to_have_count(len(names))
    expect(page.locator(".show-all")).to_have_count(0)
    expect(page.locator("ol.cards:not([data-sortable])")).to_have_count(0)  # the new column is draggable too


def test_copy_a_campaign_for_the_brands_next_round(live_server, page, engine, users):
    from tests.web.test_campaign_copy import autumn

    with Session(engine) as session:
        source_id = autumn(session, users).id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{source_id}/edit")
    page.click("text=Copy to a new campaign…")
    page.fill("#name", "Spring launch")
    page.select_option("#bloggers", "won")
    page.click("button:has-text('Make the campaign')")
    expect(page.locator("h1")).to_have_text("Spring launch")
    expect(page.locator(".flash-success")).to_contain_text("with 1 blogger shortlisted")
    expect(page.locator(".board")).to_contain_text("Maya")
