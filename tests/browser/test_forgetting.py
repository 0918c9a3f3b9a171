"""In Chromium: an admin answers a blogger's requests, first to see what is stored about them,
then to be forgotten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from outreach.core.models import Blog, Blogger
from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_an_admin_exports_then_forgets_a_blogger(live_server, page, engine, users):
    with Session(engine) as session:
        _, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
        maya_id = maya.blogger_id
    sign_in(page, live_server.url, "admin@example.com")
    page.goto(f"{live_server.url}/bloggers/{maya_id}/")
    with page.expect_download() as download:
        page.click("text=Export everything stored (JSON)")
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["person"]["name"] == "Maya Pour"
    page.click("text=Forget this person…")
    expect(page.locator("#lifecycle-counts")).to_contain_text("1 entries")
    page.click("button:has-text('Forget this person')")
    expect(page.locator(".flash-success")).to_contain_text("Forgot Maya Pour")
    expect(page).to_have_url(f"{live_server.url}/blogs/")
    with Session(engine) as session:
        assert session.get(Blogger, maya_id) is None
        assert session.exec(select(Blog.title)).all() == ["Leo Trail's blog"]
