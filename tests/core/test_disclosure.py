"""Disclosure of paid or gifted posts: the phrases advertising rules ask for, found whole and in
several languages; the posts that owe one; what a proposal and the dashboard say of it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from outreach.core.coverage import decide_coverage, propose_coverage
from outreach.core.disclosure import disclosure_owed, find_disclosure
from outreach.core.models import Fee, Sample, utcnow
from outreach.core.pipeline import log_pitch
from outreach.core.reports import ReportFilter, pipeline_report
from tests.core.test_coverage import add_post, setup
from tests.factories import make_campaign_with_entries

TODAY = date(2026, 12, 7)


def test_disclosures_are_found_whole_in_any_case_and_several_languages():
    for text, phrase in (("Thanks Northbrew! #AD", "#ad"), ("This post is SPONSORED by Northbrew.", "sponsored"),
                         ("Kindly gifted by Northbrew, all views my own.", "kindly gifted"),
                         ("Dieser Beitrag enthält unbezahlte Werbung.", "unbezahlte werbung"),
                         ("Article sponsorisé : la cafetière Northbrew", "sponsorise"),
                         ("In paid partnership with @northbrew", "in paid partnership")):
        assert find_disclosure(["", text]) == phrase, text
    for text in ("Off on an #adventure with a gifted athlete", "Ads? #adblock", "", "The sponsorship of our club ended",
                 "That advertisement annoyed me; the wifi was complimentary and free of charge"):
        assert find_disclosure([text]) == "", text


def test_posts_owe_a_disclosure_once_the_blogger_was_paid_or_sent_a_sample(session, users):
    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0], names=("Maya", "Leo"))
    session.add_all([Fee(entry_id=maya.id, description="A review", amount=Decimal("100"), currency="EUR",
                         agreed_on=TODAY),
                     Sample(entry_id=leo.id, item="Mug", status="planned")])
    session.commit()
    assert disclosure_owed(session, [maya.id, leo.id]) == {maya.id}  # a planned sample is not a gift yet
    session.add(Sample(entry_id=leo.id, item="Kettle", status="sent"))
    session.commit()
    assert disclosure_owed(session, [maya.id, leo.id]) == {maya.id, leo.id}


def test_a_proposal_reads_the_post_s_disclosure_and_the_dashboard_marks_a_missing_one(session, users):
    manager, campaign, entry, _, blog = setup(session, users)
    log_pitch(session, manager, entry, channel="email", subject="Hello", message="", follow_up_on=None,
              sent_at=utcnow() - timedelta(days=5))
    session.add(Fee(entry_id=entry.id, description="A review", amount=Decimal("100"), currency="EUR",
                    agreed_on=TODAY))
    said = add_post(session, blog, "My Northbrew cup", "Sponsored: I tried the Northbrew kettle.")
    silent = add_post(session, blog, "Northbrew again", "The Northbrew kettle, a week on.")
    proposals = propose_coverage(session, blog.blogger_id, [said.id, silent.id])
    assert [proposal.disclosure for proposal in proposals] == ["sponsored", ""]
    for proposal in proposals:
        decide_coverage(session, manager, proposal, confirm=True)
    session.commit()
    report = pipeline_report(session, ReportFilter(campaign_id=campaign.id), TODAY)
    assert [(row["title"], row["disclosure"]) for row in report.coverage] == [
        ("My Northbrew cup", "sponsored"), ("Northbrew again", "missing")]
