"""In Chromium: search the blogs directory, open a profile, set the relationship."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.conftest import sign_in
from tests.web.test_bloggers import seed_directory

pytestmark = pytest.mark.browser


def test_search_open_profile_and_set_relationship(live_server, page, engine, users):
    with Session(engine) as session:
        seed_directory(session)
    sign_in(page, live_server.url, "staff@example.com")
    page.click("nav >> text=Blogs")
    expect(page.locator("#result-count")).to_have_text("2 blogs", use_inner_text=True)
    page.fill("#q", "maya")
    page.click("button:has-text('Search')")
    page.wait_for_selector("#result-count:has-text('1 blog')")
    page.click("#directory a")
    page.wait_for_selector("h1:has-text('Maya Pour')")
    expect(page.locator("#posts article")).to_have_count(3)
    page.select_option("#relationship_status", "warm")
    page.click("button:has-text('Set')")
    page.wait_for_selector("text=Relationship set to Warm (set by hand).")
    expect(page.locator("[data-testid=relationship]")).to_have_text("Warm", use_inner_text=True)
    page.fill("#note-body", "Loves light roasts.")
    page.click("button:has-text('Add note')")
    page.wait_for_selector("#timeline >> text=Loves light roasts.")


def test_a_field_of_the_team_s_own_added_filled_and_searched(live_server, page, engine, users):
    with Session(engine) as session:
        seed_directory(session)
    sign_in(page, live_server.url, "manager@example.com")
    page.click("nav >> text=Blogs")
    page.click("text=The team's fields")
    page.fill("#name", "Audience")
    page.select_option("#kind", "choice")
    page.fill("#choices", "Parents\nStudents")
    page.click("button:has-text('Add field')")
    expect(page.locator(".flash-success")).to_contain_text("Every blogger's profile now has 'Audience'.")
    expect(page.locator("#field-list")).to_contain_text("one of: Parents, Students")
    page.click("nav >> text=Blogs")
    page.fill("#q", "maya")
    page.click("button:has-text('Search')")
    page.wait_for_selector("#result-count:has-text('1 blog')")
    page.click("#directory a")
    page.wait_for_selector("h1:has-text('Maya Pour')")
    page.select_option("#details select", "Parents")
    page.click("button:has-text('Save details')")
    expect(page.locator(".flash-success")).to_contain_text("Saved: Audience.")
    expect(page.locator("#details select")).to_have_value("Parents")
    page.click("nav >> text=Blogs")
    page.select_option("#custom_field", label="Audience")
    page.fill("#custom_value", "Parents")
    page.click("form.filters button:has-text('Search')")
    expect(page.locator("#result-count")).to_have_text("1 blog", use_inner_text=True)
    expect(page.locator("#directory")).to_contain_text("Maya Pour")


def test_a_field_that_holds_a_day_is_picked_on_the_profile_and_searched_from_a_day(live_server, page, engine, users):
    with Session(engine) as session:
        seed_directory(session)
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/bloggers/fields")
    page.fill("#name", "Contract ends")
    page.select_option("#kind", "date")
    page.click("button:has-text('Add field')")
    expect(page.locator("#field-list")).to_contain_text("a day")
    page.goto(f"{live_server.url}/blogs/?q=maya")
    page.click("#directory a")
    page.wait_for_selector("h1:has-text('Maya Pour')")
    assert page.get_attribute("#details input[name^=field-]", "type") == "date"
    page.fill("#details input[name^=field-]", "2027-03-31")
    page.click("button:has-text('Save details')")
    expect(page.locator("#details input[name^=field-]")).to_have_value("2027-03-31")
    page.goto(f"{live_server.url}/blogs/")
    page.select_option("#custom_field", label="Contract ends")
    page.fill("#custom_value", "2027-01-01")
    page.click("form.filters button:has-text('Search')")
    expect(page.locator("#result-count")).to_have_text("1 blog", use_inner_text=True)
    expect(page.locator("#directory")).to_contain_text("Maya Pour")
