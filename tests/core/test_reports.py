"""Dashboard numbers: funnel, conversion, rates, stage ages, samples, weekly activity."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import select

from outreach.core.models import PipelineEntry, Pitch, PitchTemplate, User, utcnow
from outreach.core.pipeline import log_pitch
from outreach.core.reports import ReportFilter, pipeline_report
from tests.factories import make_campaign_with_entries


def test_funnel_and_conversion(session, scenario):
    campaign, _, _ = scenario
    report = pipeline_report(session, ReportFilter(campaign_id=campaign.id))
    steps = {step.stage: step for step in report.funnel}
    assert [step.stage for step in report.funnel][:3] == ["Shortlisted", "Researching", "Pitched"]
    assert "Declined" not in steps
    assert (steps["Shortlisted"].reached, steps["Pitched"].reached, steps["Responded"].reached,
            steps["Covered"].reached) == (4, 3, 2, 1)
    assert steps["Shortlisted"].current == 1 and steps["Pitched"].current == 1
    assert steps["Pitched"].conversion_to_next == round(2 / 3, 4)
    assert steps["Responded"].conversion_to_next == 0.5  # Responded -> Sample sent (A skipped ahead)


def test_rates_and_reply_time(session, scenario):
    campaign, _, _ = scenario
    report = pipeline_report(session, ReportFilter(campaign_id=campaign.id))
    assert (report.pitched, report.replied, report.won) == (3, 2, 1)
    assert report.reply_rate == round(2 / 3, 4) and report.win_rate == round(1 / 3, 4)
    assert report.median_days_to_first_reply == 3.0  # A waited 2 days, D 4
    assert report.overdue_follow_ups == 1


def test_samples(session, scenario):
    campaign, _, _ = scenario
    report = pipeline_report(session, ReportFilter(campaign_id=campaign.id))
    assert (report.samples_sent, report.samples_received, report.samples_outstanding) == (2, 1, 1)
    assert report.samples_outstanding_value == Decimal("100") and report.samples_value == Decimal("112.5")


def test_weekly_activity_and_staff_filter(session, scenario):
    campaign, manager, staff = scenario
    report = pipeline_report(session, ReportFilter(campaign_id=campaign.id))
    totals = {}
    for row in report.activity:
        person = totals.setdefault(row["person"], {"pitches": 0, "replies": 0, "wins": 0})
        for key in person:
            person[key] += row[key]
    assert totals["Staff"] == {"pitches": 2, "replies": 1, "wins": 0}
    assert totals["Manager"] == {"pitches": 1, "replies": 1, "wins": 1}
    only_staff = pipeline_report(session, ReportFilter(campaign_id=campaign.id, staff_id=staff.id))
    assert {row["person"] for row in only_staff.activity} == {"Staff"}
    assert only_staff.entries == 0  # the manager owns every entry


def test_date_range_excludes_older_pitches(session, scenario):
    campaign, _, _ = scenario
    recent = pipeline_report(session, ReportFilter(campaign_id=campaign.id,
                                                   start=date.today() - timedelta(days=2)))
    assert recent.pitched == 0 and recent.reply_rate is None


def test_stage_ages_present(session, scenario):
    campaign, _, _ = scenario
    report = pipeline_report(session, ReportFilter(campaign_id=campaign.id))
    assert "Shortlisted" in report.median_days_in_stage
    assert all(value >= 0 for value in report.median_days_in_stage.values())


def test_empty_campaign_report(session, users):
    campaign, _ = make_campaign_with_entries(session, users["manager"][0], names=())
    report = pipeline_report(session, ReportFilter(campaign_id=campaign.id))
    assert report.entries == 0 and report.funnel == [] and report.reply_rate is None


def test_each_template_counts_the_bloggers_whose_first_pitch_it_wrote(session, scenario):
    campaign, manager, staff = scenario
    warm, gift = PitchTemplate(name="Warm intro"), PitchTemplate(name="Gift first")
    session.add_all([warm, gift])
    session.flush()
    pitches = {pitch.entry_id: pitch for pitch in session.exec(select(Pitch))}
    a, b, d = sorted(pitches)  # A covered after a reply in 2 days, B silent, D replied in 4 then declined
    pitches[a].template_id = pitches[d].template_id = warm.id
    pitches[b].template_id = gift.id
    entry_b = pitches[b].entry_id
    log_pitch(session, session.get(User, staff.id), session.get(PipelineEntry, entry_b), channel="email",
              subject="Again", message="", follow_up_on=None, is_follow_up=True, sent_at=utcnow(), template_id=warm.id)
    session.commit()
    rows = pipeline_report(session, ReportFilter(campaign_id=campaign.id)).templates
    assert [(row["template"], row["pitched"], row["replied"], row["reply_rate"], row["won"], row["win_rate"],
             row["median_days_to_first_reply"]) for row in rows] == [
        ("Warm intro", 2, 2, 1.0, 1, 0.5, 3.0),
        ("Gift first", 1, 0, 0.0, 0, 0.0, None),  # B's later follow-up from "Warm intro" does not move B
    ]
    session.delete(gift)
    session.commit()
    rows = pipeline_report(session, ReportFilter(campaign_id=campaign.id)).templates
    assert [(row["template"], row["pitched"]) for row in rows] == [("Warm intro", 2), ("Written without a template", 1)]
