"""In Chromium: a staff member starts the day on the home page, answers the blogger who has
waited longest, then opens the coverage to review, and the page fits a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from outreach.core.campaigns import set_members
from outreach.core.models import Campaign, Coverage, Reply, User, utcnow
from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


@pytest.fixture
def day(live_server, engine, users):
    """A campaign the staff member works on: one message waiting, one blogger's coverage to review."""
    with Session(engine) as session:
        manager = session.get(User, users["manager"][0])
        campaign, (maya, leo) = make_campaign_with_entries(session, manager.id)
        set_members(session, session.get(Campaign, campaign.id), [users["staff"][0]], keep=manager.id)
        session.add(Reply(entry_id=maya.id, summary="Happy to try the grinder", message_id="<maya@x>",
                          from_address="maya@b0.example", received_at=utcnow() - timedelta(days=8)))
        session.add(Coverage(entry_id=leo.id, url="https://b1.example/review", title="Grinder review",
                             status="proposed"))
        session.commit()
        return {"maya": maya.id, "campaign": campaign.id}


def test_the_day_starts_from_what_waits(live_server, page, day):
    sign_in(page, live_server.url, "staff@example.com")
    answers = page.locator("[data-testid=answers]")
    expect(answers.locator(".badge")).to_have_text("1")
    expect(answers.locator("li.overdue")).to_contain_text("Maya Pour")
    answers.locator("[data-testid=answer-now]").click()  # straight to the answer, in her thread
    expect(page.locator("h1")).to_have_text("Answer Maya Pour")
    page.go_back()
    answers.locator("a", has_text="Maya Pour").click()
    expect(page).to_have_url(f"{live_server.url}/campaigns/entries/{day['maya']}/")
    expect(page.locator("h1")).to_contain_text("Maya Pour")
    page.go_back()
    page.locator("[data-testid=coverage] a", has_text="Autumn launch").click()
    expect(page).to_have_url(f"{live_server.url}/campaigns/{day['campaign']}/?flag=coverage")
    expect(page.get_by_role("link", name="Leo Trail", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Maya Pour", exact=True)).to_have_count(0)  # her card has no coverage to review
    page.goto(live_server.url + "/")
    # Getting started is folded once blogs, niches and campaigns exist; here there are no blogs
    # with posts or niches yet, so it stays open.
    expect(page.locator("details.getting-started")).to_have_attribute("open", "")


def test_the_home_page_fits_a_phone(live_server, browser, day):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "staff@example.com")
        page.wait_for_selector("[data-testid=answers]")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the home page is {width} px wide at 390 px"
    finally:
        context.close()


def test_a_mailbox_whose_logins_are_refused_leads_from_home_to_the_mailboxes(live_server, page, engine, users):
    from tests.mail_factories import KEY, make_mailbox

    live_server.app.config["MAIL_KEY"] = KEY
    with Session(engine) as session:
        mailbox = make_mailbox(session, session.get(User, users["staff"][0]), smtp_port=25)
        mailbox.login_refused_at, mailbox.last_error = utcnow(), "Google no longer lets Outreach use this mailbox."
        session.add(mailbox)
        session.commit()
    sign_in(page, live_server.url, "staff@example.com")
    expect(page.locator("[data-testid=stuck-mailboxes]")).to_contain_text("Google no longer lets Outreach use this mailbox.")
    page.click("text=Mend it on the Mailboxes page")
    expect(page.locator("h1")).to_have_text("Mailboxes")
