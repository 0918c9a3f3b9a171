"""The dashboard page, its filters and CSV downloads (guarded against formula injection)."""

from __future__ import annotations

import csv
import io

from outreach.core.exports import csv_text, safe_cell


def test_safe_cell_guards_formulas():
    assert safe_cell("=HYPERLINK(\"http://evil\")") == "'=HYPERLINK(\"http://evil\")"
    assert safe_cell("+1") == "'+1" and safe_cell("-2") == "'-2" and safe_cell("@sum") == "'@sum"
    assert safe_cell("plain") == "plain" and safe_cell(-2) == -2 and safe_cell(None) == ""
    rows = list(csv.reader(io.StringIO(csv_text(["a"], [["=1+1"]]))))
    assert rows == [["a"], ["'=1+1"]]


def test_staff_cannot_see_dashboard(client, auth):
    auth.login("staff@example.com")
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/funnel.csv").status_code == 403


def test_dashboard_shows_numbers(client, auth, scenario):
    campaign, _, _ = scenario
    auth.login("manager@example.com")
    page = client.get(f"/dashboard/?campaign={campaign.id}").data.decode()
    assert '<span class="stat-number" data-stat="reply-rate">66.7%</span>' in page
    assert '<span class="stat-number" data-stat="win-rate">33.3%</span>' in page
    assert '<span class="stat-number" data-stat="overdue">1</span>' in page


def test_csv_downloads_match_report(client, auth, scenario):
    campaign, _, _ = scenario
    auth.login("manager@example.com")
    funnel = client.get(f"/dashboard/funnel.csv?campaign={campaign.id}")
    assert funnel.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(funnel.data.decode())))
    reached = {row["stage"]: int(row["reached"]) for row in rows}
    assert reached["Pitched"] == 3 and reached["Covered"] == 1
    activity = list(csv.DictReader(io.StringIO(client.get("/dashboard/activity.csv").data.decode())))
    assert sum(int(row["pitches"]) for row in activity) == 3
    summary = client.get("/dashboard/summary.csv").data.decode()
    assert "Reply rate,66.7%" in summary
    assert client.get("/dashboard/nonsense.csv").status_code == 404


def test_bad_filters_are_explained(client, auth, scenario):
    auth.login("manager@example.com")
    response = client.get("/dashboard/?start=2026-12-01&end=2026-01-01&campaign=abc&staff=999")
    assert response.status_code == 200
    assert b"Check the filters" in response.data
    assert b"The end date is before the start date." in response.data
    assert client.get("/dashboard/?start=0000-01-01").status_code == 200
    bad_csv = client.get("/dashboard/funnel.csv?start=garbage")
    assert bad_csv.status_code == 400 and b"Check the filters: From: Not a valid date value." in bad_csv.data


def test_pipeline_csv_export(client, auth, session, users):
    from outreach.core.models import Blogger
    from tests.factories import make_campaign_with_entries

    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0],
                                                      names=("=cmd|' /C calc'!A0", "Leo Trail"))
    auth.login("manager@example.com")
    response = client.get(f"/campaigns/{campaign.id}/pipeline.csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode())))
    assert [row["stage"] for row in rows] == ["Shortlisted", "Shortlisted"]
    names = {row["blogger"] for row in rows}
    assert "'=cmd|' /C calc'!A0" in names and "Leo Trail" in names
    assert rows[0]["feed_url"].startswith("https://b")
    shortlist = client.get(f"/campaigns/{campaign.id}/pipeline.csv?stage=pitched").data.decode()
    assert len(shortlist.strip().splitlines()) == 1  # header only
    auth.logout()
    auth.login("staff@example.com")
    assert client.get(f"/campaigns/{campaign.id}/pipeline.csv").status_code == 403
    assert session.get(Blogger, entry.blogger_id).name.startswith("=")  # stored as typed


def test_directory_csv_export_follows_filters(client, auth, session):
    from tests.web.test_bloggers import seed_directory

    seed_directory(session)
    auth.login()
    rows = list(csv.DictReader(io.StringIO(client.get("/blogs/export.csv?tag=coffee").data.decode())))
    assert [row["blogger"] for row in rows] == ["Maya Pour"]
    assert client.get("/blogs/export.csv?posted_after=nope").status_code == 400


def test_shortlist_opml_export(client, auth, session, users):
    from outreach.core.blog_lists import parse_opml
    from tests.factories import make_campaign_with_entries

    campaign, _ = make_campaign_with_entries(session, users["manager"][0])
    auth.login("manager@example.com")
    response = client.get(f"/campaigns/{campaign.id}/shortlist.opml?stage=shortlisted")
    assert response.mimetype == "text/x-opml"
    rows, problems = parse_opml(response.data)
    assert sorted(row.feed_url for row in rows) == ["https://b0.example/feed", "https://b1.example/feed"]
    assert problems == [] and rows[0].tags == ["Shortlisted"]


def test_pipeline_csv_has_each_bloggers_first_email(client, auth, session, users):
    from outreach.core.models import ContactDetail
    from tests.factories import make_campaign_with_entries

    campaign, (maya, leo) = make_campaign_with_entries(session, users["manager"][0])
    session.add_all([ContactDetail(blogger_id=maya.blogger_id, kind="twitter", value="@maya"),
                     ContactDetail(blogger_id=maya.blogger_id, kind="email", value="maya@example.com"),
                     ContactDetail(blogger_id=maya.blogger_id, kind="email", value="press@maya.example"),
                     ContactDetail(blogger_id=leo.blogger_id, kind="email", value="-leo@example.com")])
    session.commit()
    auth.login("manager@example.com")
    rows = list(csv.DictReader(io.StringIO(client.get(f"/campaigns/{campaign.id}/pipeline.csv").data.decode())))
    assert {row["blogger"]: row["email"] for row in rows} == {"Maya Pour": "maya@example.com",
                                                              "Leo Trail": "'-leo@example.com"}
    header = client.get(f"/campaigns/{campaign.id}/pipeline.csv").data.decode().splitlines()[0]
    assert header.startswith("entry_id,blogger,email,blog,")
