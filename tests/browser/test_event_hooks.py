"""In Chromium: an admin adds an event hook, reads its secret, sends it a test, sees it delivered,
and pauses and resumes it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from werkzeug.wrappers import Response

from outreach.jobs.webhooks import deliver_due
from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def test_add_a_hook_send_it_a_test_and_see_it_delivered(live_server, page, users, engine, site):
    site.route("/events", lambda request: Response("", status=204))
    sign_in(page, live_server.url, "admin@example.com")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Hooks").click()
    expect(page.locator("h1")).to_have_text("Event hooks")
    form = page.locator("#hook-form")
    form.get_by_label("Name").fill("PR channel")
    form.get_by_label("URL").fill(site.url + "/events")
    form.get_by_label("A blogger's reply arrives").check()
    form.get_by_label("A card moves to another stage").check()
    form.get_by_role("button", name="Add hook").click()
    expect(page.locator(".flash-success")).to_contain_text("it is told of reply.received, entry.moved")
    row = page.locator("#hooks tr", has_text="PR channel")
    expect(row.get_by_test_id("hook-secret")).to_have_text(re.compile(r"^[A-Za-z0-9_-]{40,}$"))
    row.get_by_role("button", name="Send a test to PR channel").click()
    expect(page.locator("#delivery-list")).to_contain_text("Waiting to go")
    assert deliver_due(engine, {"ALLOW_PRIVATE_NETWORKS": True}) == 1
    page.reload()
    expect(page.locator("#delivery-list tr", has_text="hook.test")).to_contain_text("Delivered")
    assert site.requests[-1].headers["X-Outreach-Event"] == "hook.test"

    row.get_by_role("button", name="Pause PR channel").click()
    expect(page.locator(".flash-success")).to_contain_text("is paused: it is told of nothing until it is resumed")
    expect(row.get_by_test_id("hook-paused")).to_contain_text("Paused since")
    row.get_by_role("button", name="Resume PR channel").click()
    expect(page.locator(".flash-success")).to_contain_text("is resumed")
    expect(row.get_by_test_id("hook-paused")).to_have_count(0)
    expect(row.get_by_role("button", name="Pause PR channel")).to_be_visible()
