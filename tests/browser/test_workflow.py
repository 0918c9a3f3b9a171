"""In Chromium, as the person who uses each page: the workflow joins up from the home page to
the entry, the board, the ranking and the admin pages."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_staff_home_page_points_to_pages_not_commands(live_server, page, engine, users):
    with Session(engine) as session:
        make_campaign_with_entries(session, users["manager"][0], names=())  # not staff's
    sign_in(page, live_server.url, "staff@example.com")
    steps = page.locator(".steps").inner_text()
    assert "outreach " not in steps and "Add blog" in steps
    assert page.locator("[data-stat=campaigns]").inner_text() == "0"
    page.locator(".steps a", has_text="Blogs").click()
    page.wait_for_selector("button:has-text('Add blog')")


def test_manager_drags_a_pitched_card_to_responded_and_a_reply_is_logged(live_server, page, engine, users):
    from sqlmodel import select

    from outreach.core.models import Reply, User
    from outreach.core.pipeline import log_pitch
    from outreach.core.stages import stage_of_kind
    from tests.browser.test_board import drag

    with Session(engine) as session:
        campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
        log_pitch(session, session.get(User, users["manager"][0]), entry, channel="email", subject="Hello",
                  message="", follow_up_on=None)
        session.commit()
        responded = stage_of_kind(session, campaign.id, "responded").id
        campaign_id, entry_id = campaign.id, entry.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    drag(page, page.locator(f"li[data-entry='{entry_id}']"), page.locator(f"ol[data-stage='{responded}']"))
    page.wait_for_selector("#board-status.flash-success")
    assert page.locator("#board-status").inner_text() == "Moved to Responded. A reply was logged on its timeline."
    with Session(engine) as session:
        assert len(session.exec(select(Reply).where(Reply.entry_id == entry_id)).all()) == 1
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    assert "Reply (neutral)" in page.locator("#timeline").inner_text()


def test_manager_sees_card_counts_on_the_stages_page(live_server, page, engine, users):
    with Session(engine) as session:
        from outreach.core.stages import stage_of_kind

        campaign, _ = make_campaign_with_entries(session, users["manager"][0])
        campaign_id = campaign.id
        ids = {kind: stage_of_kind(session, campaign.id, kind).id for kind in ("shortlisted", "researching")}
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/stages")
    shortlisted = page.locator(f"tr[data-stage='{ids['shortlisted']}']")
    assert shortlisted.locator("[data-testid=stage-cards]").inner_text() == "2"
    assert "(choose where its 2 cards go)" in shortlisted.locator("select").inner_text()
    shortlisted.locator("button:has-text('Remove')").click()
    page.wait_for_selector("text=holds 2 cards: choose a stage to move them to.")
    researching = page.locator(f"tr[data-stage='{ids['researching']}']")
    assert "(no cards to move)" in researching.locator("select").inner_text()
