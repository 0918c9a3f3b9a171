"""In Chromium: the dashboard's charts render with the report's numbers."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def wait_until(page, script: str, seconds: float = 10) -> None:
    """Run the script until it is true. Not wait_for_function: it polls with eval in the page,
    which the Content-Security-Policy refuses; evaluate runs from outside the page's rules."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {script}"
        page.wait_for_timeout(50)


def chart_data(page, canvas_id):
    return page.evaluate(
        f"() => {{ const c = Chart.getChart(document.getElementById('{canvas_id}'));"
        " return {labels: c.data.labels, sets: c.data.datasets.map(d => [d.label, d.data])}; }")


def test_charts_show_the_report(live_server, page, scenario):
    campaign, _, _ = scenario
    sign_in(page, live_server.url, "manager@example.com")
    page.click("nav >> text=Dashboard")
    page.select_option("#campaign", str(campaign.id))
    page.click("button:has-text('Show')")
    wait_until(page, "() => typeof Chart !== 'undefined' && !!Chart.getChart(document.getElementById('funnel-chart'))")
    funnel = chart_data(page, "funnel-chart")
    reached = dict(zip(funnel["labels"], dict(funnel["sets"])["Reached"]))
    assert (reached["Shortlisted"], reached["Pitched"], reached["Responded"], reached["Covered"]) == (4, 3, 2, 1)
    activity = chart_data(page, "activity-chart")
    assert sum(dict(activity["sets"])["Pitches"]) == 3
    assert sum(dict(activity["sets"])["Wins"]) == 1
    ages = chart_data(page, "ages-chart")
    assert "Shortlisted" in ages["labels"]
    expect(page.locator("[data-stat=reply-rate]")).to_have_text("66.7%", use_inner_text=True)
    # The canvas really has pixels drawn on it.
    assert page.evaluate("() => document.getElementById('funnel-chart').toDataURL().length") > 2000
