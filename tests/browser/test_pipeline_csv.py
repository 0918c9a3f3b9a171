"""In Chromium: a manager downloads the campaign's pipeline and finds whom to write to."""

from __future__ import annotations

import csv

import pytest
from sqlmodel import Session

from outreach.core.models import ContactDetail
from tests.conftest import sign_in
from tests.factories import make_campaign_with_entries

pytestmark = pytest.mark.browser


def test_pipeline_csv_download_has_the_email(live_server, page, engine, users):
    with Session(engine) as session:
        campaign, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
        session.add(ContactDetail(blogger_id=maya.blogger_id, kind="email", value="maya@example.com"))
        session.commit()
        campaign_id = campaign.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/{campaign_id}/")
    with page.expect_download() as download:
        page.click("text=Pipeline CSV")
    with open(download.value.path(), newline="") as handle:
        rows = {row["blogger"]: row["email"] for row in csv.DictReader(handle)}
    assert rows == {"Maya Pour": "maya@example.com", "Leo Trail": ""}
