"""In Chromium, two people on one board: a move by one shows up on the other's board without a
reload, and the stale-card guard still refuses a move made from an older board; a change a card
shows from outside its row (the do-not-contact list) shows up too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from outreach.core.do_not_contact import mark_do_not_contact
from outreach.core.models import Blogger, CampaignMember, User
from outreach.core.stages import stage_of_kind
from tests.browser.test_board import drag, stage_kind_of
from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_a_colleagues_move_shows_up_without_a_reload(live_server, browser, page, engine, users):
    live_server.app.config["BOARD_POLL_SECONDS"] = 1
    with Session(engine) as session:
        campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
        session.add(CampaignMember(campaign_id=campaign.id, user_id=users["staff"][0]))
        session.commit()
        campaign_id, maya_id, leo_id = campaign.id, maya.id, leo.id
        pitched = stage_of_kind(session, campaign.id, "pitched").id
        researching = stage_of_kind(session, campaign.id, "researching").id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    page.locator(f"li[data-entry='{leo_id}'] .card-select").check()  # kept checked across the refresh
    colleague = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(colleague, live_server.url, "staff@example.com")
    colleague.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    drag(colleague, colleague.locator(f"li[data-entry='{maya_id}']"), colleague.locator(f"ol[data-stage='{pitched}']"))
    colleague.wait_for_selector("#board-status.flash-success")
    # The manager's board shows the move on its own, with the count, and Leo still checked.
    expect(page.locator(f"ol[data-stage='{pitched}'] li[data-entry='{maya_id}']")).to_have_count(1, timeout=8000)
    expect(page.locator(f"#column-{pitched} .count")).to_have_text("1", use_inner_text=True)
    assert page.locator(f"li[data-entry='{leo_id}'] .card-select").is_checked()
    expect(page.locator(".bulk-count")).to_have_text("1 checked", use_inner_text=True)
    # The stale-card guard stays: a board that did not catch up (no polling here) is refused.
    drag(page, page.locator(f"li[data-entry='{maya_id}']"), page.locator(f"ol[data-stage='{researching}']"))
    page.wait_for_selector("#board-status.flash-success")
    live_server.app.config["BOARD_POLL_SECONDS"] = 0
    colleague.reload()
    drag(page, page.locator(f"li[data-entry='{maya_id}']"), page.locator(f"ol[data-stage='{pitched}']"))
    page.wait_for_selector(f"ol[data-stage='{pitched}'] li[data-entry='{maya_id}']")
    drag(colleague, colleague.locator(f"li[data-entry='{maya_id}']"),
         colleague.locator(f"ol[data-stage='{stage_of_kind_id(engine, campaign_id, 'shortlisted')}']"))
    colleague.wait_for_selector("#board-status.flash-error")
    assert "This card changed since you loaded it" in colleague.locator("#board-status").inner_text()
    assert stage_kind_of(engine, maya_id) == "pitched"
    colleague.context.close()


def stage_of_kind_id(engine, campaign_id, kind):
    with Session(engine) as session:
        return stage_of_kind(session, campaign_id, kind).id


def test_a_change_outside_the_card_shows_up_without_a_reload(live_server, page, engine, users):
    live_server.app.config["BOARD_POLL_SECONDS"] = 1
    with Session(engine) as session:
        campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
        campaign_id, leo_id, leo_blogger = campaign.id, leo.id, leo.blogger_id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    expect(page.locator(".flag-dnc")).to_have_count(0)
    with Session(engine) as session:  # a colleague, elsewhere: Leo asked not to be contacted
        mark_do_not_contact(session, session.get(User, users["manager"][0]), session.get(Blogger, leo_blogger), "asked us")
        session.commit()
    expect(page.locator(f"li[data-entry='{leo_id}'] .flag-dnc")).to_have_count(1, timeout=8000)
