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
