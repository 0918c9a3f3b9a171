"""In Chromium, with the keyboard alone: the skip link, and moving a card between columns."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from outreach.core.models import Blogger
from outreach.core.stages import stage_of_kind
from tests.browser.test_board import stage_kind_of
from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_skip_link_and_icon(live_server, page, users):
    sign_in(page, live_server.url, "staff@example.com")
    page.wait_for_url(f"{live_server.url}/")
    page.wait_for_load_state()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to content"
    expect(page.locator(".skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    icon = page.request.get(f"{live_server.url}{page.locator('link[rel=icon]').get_attribute('href')}")
    assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml")


def test_move_a_focused_card_with_alt_arrows(live_server, page, engine, users):
    with Session(engine) as session:
        campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
        blogger = session.get(Blogger, leo.blogger_id)
        blogger.do_not_contact, blogger.do_not_contact_reason = True, "asked us"
        session.commit()
        stages = {kind: stage_of_kind(session, campaign.id, kind).id for kind in ("shortlisted", "researching", "pitched")}
        campaign_id, maya_id, leo_id = campaign.id, maya.id, leo.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    card = page.locator(f"li[data-entry='{maya_id}']")
    card.focus()
    press(page, "Alt+ArrowRight")
    expect(page.locator("#board-status")).to_have_text("Moved to Researching.")
    press(page, "Alt+ArrowRight")
    expect(page.locator("#board-status")).to_have_text("Moved to Pitched.")
    assert page.evaluate("() => document.activeElement.dataset.entry") == str(maya_id)  # focus stays
    expect(page.locator(f"ol[data-stage='{stages['pitched']}'] li[data-entry='{maya_id}']")).to_have_count(1)
    assert stage_kind_of(engine, maya_id) == "pitched"
    press(page, "Alt+ArrowLeft")
    expect(page.locator("#board-status")).to_have_text("Moved to Researching.")
    assert stage_kind_of(engine, maya_id) == "researching"
    # A refused move puts the card back and says why.
    page.locator(f"li[data-entry='{leo_id}']").focus()
    press(page, "Alt+ArrowRight")
    expect(page.locator("#board-status")).to_have_text("Moved to Researching.")
    press(page, "Alt+ArrowRight")
    expect(page.locator("#board-status")).to_contain_text("do-not-contact list (asked us)")
    expect(page.locator(f"ol[data-stage='{stages['researching']}'] li[data-entry='{leo_id}']")).to_have_count(1)


def press(page, keys):
    """Press the keys and wait until the board has taken the server's answer to the move."""
    with page.expect_response(lambda response: response.url.endswith("/move")):
        page.keyboard.press(keys)
    expect(page.locator(".board")).to_have_attribute("aria-busy", "false")


def test_a_key_press_while_a_move_is_being_saved_is_answered(live_server, page, engine, users):
    with Session(engine) as session:
        campaign, (maya, _leo) = make_campaign_with_entries(session, users["manager"][0])
        campaign_id, maya_id = campaign.id, maya.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    held = []  # the first move's request, held back until the second key press was answered
    page.route("**/move", lambda route: held.append(route))
    page.locator(f"li[data-entry='{maya_id}']").focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator(".board")).to_have_attribute("aria-busy", "true")
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#board-status")).to_have_text("The last move is still being saved: press again in a moment.")
    page.wait_for_timeout(200)  # time for a second request, were one sent
    assert len(held) == 1
    with page.expect_response(lambda response: response.url.endswith("/move")):
        held[0].continue_()
    expect(page.locator(".board")).to_have_attribute("aria-busy", "false")
    expect(page.locator("#board-status")).to_have_text("Moved to Researching.")
    assert stage_kind_of(engine, maya_id) == "researching"  # one column, not two
