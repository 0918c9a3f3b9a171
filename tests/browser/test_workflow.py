"""In Chromium, as the person who uses each page: the workflow joins up from the home page to
the entry, the board, the ranking and the admin pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
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
    expect(page.locator("[data-stat=campaigns]")).to_have_text("0", use_inner_text=True)
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
    expect(page.locator("#board-status")).to_have_text("Moved to Responded. A reply was logged on its timeline.", use_inner_text=True)
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
    expect(shortlisted.locator("[data-testid=stage-cards]")).to_have_text("2", use_inner_text=True)
    assert "(choose where its 2 cards go)" in shortlisted.locator("select").inner_text()
    shortlisted.locator("button:has-text('Remove')").click()
    page.wait_for_selector("text=holds 2 cards: choose a stage to move them to.")
    researching = page.locator(f"tr[data-stage='{ids['researching']}']")
    assert "(no cards to move)" in researching.locator("select").inner_text()


@pytest.fixture
def staff_entry(live_server, engine, users):
    """Rita, ranked for the campaign's niche, shortlisted in a campaign staff works, with an
    email found on her blog, a follow-up already planned and a template using her best post."""
    from datetime import date, timedelta

    from outreach.core.campaigns import create_campaign
    from outreach.core.models import CampaignMember, ContactDetail, Niche, PitchTemplate, User
    from outreach.core.pipeline import add_blogger_to_campaign, set_follow_up
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import Collection

    with Session(engine) as session:
        collection = Collection(session)
        for number in range(6):
            collection.blog(f"Other {number}", ["cooking"] * 6)
        rita = collection.blog("Rita Runner", ["cooking", "running", "gardening"])
        refresh_index(session, app_index_dir(live_server.app), rebuild=True)
        niche = Niche(name="Trail running", brief="Trail running, marathon training and race pace")
        session.add(niche)
        session.flush()
        manager = session.get(User, users["manager"][0])
        campaign = create_campaign(session, manager, "Trail shoes", brand="Trailfox", niche_id=niche.id)
        session.add(CampaignMember(campaign_id=campaign.id, user_id=users["staff"][0]))
        entry = add_blogger_to_campaign(session, manager, campaign, rita.blogger_id)
        planned = date.today() + timedelta(days=4)
        set_follow_up(session, manager, entry, next_follow_up_on=planned)
        session.add(ContactDetail(blogger_id=rita.blogger_id, kind="email", value="rita@rita-runner.example",
                                  source_url="https://rita-runner.example/contact", found_by="mailto link"))
        session.add(PitchTemplate(name="Best post", subject="About {{ best_post_title }}",
                                  body="Hi {{ first_name }}, I loved {{ best_post_title }} ({{ best_post_url }})."))
        session.commit()
        return entry.id, rita.blogger_id, planned


def test_staff_pitches_from_a_template_on_the_entry_page(live_server, page, engine, staff_entry):
    from sqlmodel import select

    from outreach.core.models import PipelineEntry, Pitch

    entry_id, blogger_id, planned = staff_entry
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    contact = page.locator("#contact")
    expect(contact.locator("[data-testid=contact-email]")).to_have_text("rita@rita-runner.example", use_inner_text=True)
    assert "found by mailto link on https://rita-runner.example/contact" in contact.inner_text()
    assert contact.locator("[data-testid=profile-link]").get_attribute("href") == f"/bloggers/{blogger_id}/"

    page.click("button:has-text('Log pitch')")  # nothing written yet
    page.wait_for_selector("text=Write a subject or a message: an empty pitch is not logged.")

    page.select_option("#pitch-template_id", label="Best post")  # no Preview needed
    assert page.input_value("#pitch-subject") == "About Rita Runner on running #1"
    assert page.input_value("#pitch-message").startswith("Hi Rita, I loved Rita Runner on running #1 (https://")
    expect(page.locator("#template-unfilled")).to_be_hidden()
    page.click("button:has-text('Log pitch')")
    page.wait_for_selector("text=Pitch logged.")
    expect(page.locator("[data-testid=stage]")).to_have_text("Pitched", use_inner_text=True)
    assert "Pitched today by" not in page.content()  # the guard does not warn of this very pitch
    assert page.input_value("#follow_up-next_follow_up_on") == planned.isoformat()
    with Session(engine) as session:
        assert session.exec(select(Pitch.subject)).all() == ["About Rita Runner on running #1"]
        assert session.get(PipelineEntry, entry_id).next_follow_up_on == planned


def test_staff_marks_a_planned_sample_sent(live_server, page, engine, staff_entry):
    entry_id, _, _ = staff_entry
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.click("#sample summary")
    page.fill("#sample-item", "Trail shoes")
    page.fill("#sample-unit_value", "120")
    page.fill("#sample-currency", "EUR")
    page.click("button:has-text('Record sample')")
    page.wait_for_selector("text=Sample recorded.")
    expect(page.locator("[data-testid=sample-status]")).to_have_text("planned", use_inner_text=True)
    page.fill(".mark-sent input[name=carrier]", "DHL")
    page.fill(".mark-sent input[name=tracking_number]", "JD0123")
    page.click("button:has-text('Mark sent')")
    page.wait_for_selector("text=Sample marked sent.")
    expect(page.locator("[data-testid=sample-status]")).to_have_text("sent", use_inner_text=True)
    assert "DHL JD0123" in page.locator("#samples").inner_text()
    expect(page.locator("[data-testid=stage]")).to_have_text("Sample sent", use_inner_text=True)


def test_admin_adds_a_user_staff_by_default_and_a_weak_password_is_explained(live_server, page, users):
    sign_in(page, live_server.url, "admin@example.com")
    page.click("nav >> text=Users")
    assert page.input_value("#role") == "staff"
    page.fill("#email", "newbie@example.com")
    page.fill("#name", "Newbie Nell")
    page.fill("#password", "short")
    page.click("button:has-text('Add user')")
    error = page.locator(".field.has-error")
    assert error.count() == 1 and error.locator("#password").count() == 1
    assert "The password must have 8 to" in error.inner_text()
    assert page.input_value("#email") == "newbie@example.com" and page.input_value("#name") == "Newbie Nell"
    page.fill("#password", "a long enough password")
    page.click("button:has-text('Add user')")
    page.wait_for_selector("text=Added staff newbie@example.com.")


def test_manager_picks_campaign_members_from_a_searchable_list(live_server, page, engine, users):
    from sqlmodel import select

    from outreach.core.campaigns import campaign_member_ids
    from outreach.core.models import Campaign
    from outreach.core.users import create_user

    with Session(engine) as session:
        for number in range(12):
            create_user(session, f"person{number}@example.com", "correct horse battery", "staff",
                        name=f"Person {number}")
        create_user(session, "zoe@example.com", "correct horse battery", "staff", name="Zoë Writer")
        session.commit()
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/new")
    page.fill("#name", "Spring launch")
    expect(page.locator("#member_ids li")).to_have_count(16)
    page.fill("#member-search", "zoë")
    visible = page.locator("#member_ids li:visible")
    assert visible.count() == 1 and visible.inner_text().strip() == "Zoë Writer (zoe@example.com, staff)"
    visible.locator("input").check()
    page.fill("#member-search", "staff@")
    page.locator("#member_ids li:visible input").check()
    page.click("button:has-text('Create campaign')")
    page.wait_for_selector("text=Spring launch")
    with Session(engine) as session:
        campaign = session.exec(select(Campaign).where(Campaign.name == "Spring launch")).one()
        members = set(campaign_member_ids(session, campaign.id))
    assert users["staff"][0] in members and len(members) == 3  # the two chosen and the manager


def test_manager_reads_quiet_weeks_as_zero_and_sample_values_with_currency(live_server, page, engine, users):
    from datetime import timedelta
    from decimal import Decimal

    from outreach.core.models import Sample, User, utcnow
    from outreach.core.pipeline import log_pitch
    from outreach.core.samples import record_sample
    from tests.browser.test_dashboard import chart_data, wait_until

    with Session(engine) as session:
        manager = session.get(User, users["manager"][0])
        campaign, (maya, leo) = make_campaign_with_entries(session, manager.id)
        log_pitch(session, manager, maya, channel="email", subject="Hi", message="", follow_up_on=None,
                  sent_at=utcnow() - timedelta(weeks=5))
        log_pitch(session, manager, leo, channel="email", subject="Hi", message="", follow_up_on=None)
        record_sample(session, manager, maya, Sample(item="Kit", unit_value=Decimal("49"), currency="EUR",
                                                     status="sent"))
        session.commit()
    sign_in(page, live_server.url, "manager@example.com")
    page.click("nav >> text=Dashboard")
    wait_until(page, "() => typeof Chart !== 'undefined' && !!Chart.getChart(document.getElementById('activity-chart'))")
    pitches = dict(chart_data(page, "activity-chart")["sets"])["Pitches"]
    assert len(pitches) in (6, 7) and pitches[0] == 1 and pitches[-1] == 1 and set(pitches[1:-1]) == {0}
    assert "samples out (49.00 EUR)" in page.locator(".stats").inner_text()


def test_staff_sees_the_relationship_follow_the_pipeline_and_overrides_it(live_server, page, engine, staff_entry):
    from sqlmodel import select

    from outreach.core.models import AuditEvent

    entry_id, blogger_id, planned = staff_entry
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/bloggers/{blogger_id}/")
    expect(page.locator("[data-testid=relationship]")).to_have_text("New", use_inner_text=True)
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.fill("#pitch-subject", "Trail shoes for you")
    page.click("button:has-text('Log pitch')")
    page.wait_for_selector("text=Pitch logged.")
    page.click("[data-testid=profile-link]")
    expect(page.locator("[data-testid=relationship]")).to_have_text("Pitched", use_inner_text=True)
    expect(page.locator("[data-testid=relationship-source]")).to_have_text("(from the pipeline)", use_inner_text=True)
    page.select_option("#relationship_status", "advocate")
    page.click("button:has-text('Set')")
    page.wait_for_selector("text=Relationship set to Advocate (set by hand).")
    expect(page.locator("[data-testid=relationship-source]")).to_have_text("(set by hand)", use_inner_text=True)
    with Session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "set_relationship")).one()
        assert (event.details["old"], event.details["new"]) == ("pitched", "advocate")


def test_manager_moves_a_card_to_covered_and_its_follow_up_goes(live_server, page, engine, staff_entry):
    entry_id, _, planned = staff_entry
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    assert page.input_value("#follow_up-next_follow_up_on") == planned.isoformat()
    page.select_option("#stage_id", label="Covered")
    page.click("button:has-text('Move')")
    page.wait_for_selector("text=Moved to Covered.")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    assert page.input_value("#follow_up-next_follow_up_on") == ""


def test_a_second_sample_starts_from_the_address_the_last_one_went_to(live_server, page, engine, staff_entry, users):
    from outreach.core.campaigns import create_campaign
    from outreach.core.models import PipelineEntry, Sample, User
    from outreach.core.pipeline import add_blogger_to_campaign

    entry_id, _, _ = staff_entry
    with Session(engine) as session:
        blogger_id = session.get(PipelineEntry, entry_id).blogger_id
        manager = session.get(User, users["manager"][0])
        hidden = create_campaign(session, manager, "Manager's own", brand="Other")
        other = add_blogger_to_campaign(session, manager, hidden, blogger_id)
        session.add(Sample(entry_id=other.id, item="Mug", shipping_address="Secret Lane 1"))
        session.commit()
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.click("#sample summary")
    # A campaign the staff member may not open keeps its samples to itself, address included.
    assert page.input_value("#sample-shipping_address") == ""
    page.fill("#sample-item", "Trail shoes")
    page.fill("#sample-shipping_address", "Rita Runner\nHill Road 4\nLeeds")
    page.click("button:has-text('Record sample')")
    page.wait_for_selector("text=Sample recorded.")
    page.click("#sample summary")
    assert page.input_value("#sample-shipping_address") == "Rita Runner\nHill Road 4\nLeeds"
    expect(page.locator("[data-testid=address-from]")).to_contain_text("The address their last sample went to (")
