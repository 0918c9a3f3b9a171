"""`outreach demo --no-serve`: the newcomer's first run sets everything up for real."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import Session, select

from outreach.core.db import make_engine
from outreach.core.models import (
    Blog,
    Campaign,
    CampaignFile,
    ContactDetail,
    Coverage,
    CustomValue,
    Fee,
    Mention,
    Monitor,
    Niche,
    PipelineEntry,
    Pitch,
    Post,
    Stage,
)
from outreach.core.vetting import vet_blogger


def test_demo_sets_up_blogs_niches_and_campaigns(tmp_path):
    from click.testing import CliRunner

    from outreach.cli import cli

    folder = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--folder", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert re.search(r"Crawled 33 blogs and 2 Mastodon accounts \(\d{3} posts\), added 8 niches and 2 campaigns",
                     result.output)
    assert "Sign in at http://127.0.0.1:5000/ as demo@outreach.local with password " in result.output
    engine = make_engine(f"sqlite:///{folder / 'demo.sqlite'}")
    with Session(engine) as session:
        assert len(session.exec(select(Blog).where(Blog.error_count == 0)).all()) == 35
        assert len(session.exec(select(Post)).all()) >= 330
        assert len(session.exec(select(Niche)).all()) == 8
        assert session.exec(select(ContactDetail).where(ContactDetail.kind == "email")).first() is not None
        coffee = session.exec(select(Campaign).where(Campaign.brand == "Northbrew")).one()
        stages = {stage.id: stage.kind for stage in session.exec(select(Stage).where(Stage.campaign_id == coffee.id))}
        kinds = {stages[entry.stage_id] for entry in session.exec(
            select(PipelineEntry).where(PipelineEntry.campaign_id == coffee.id))}
        assert {"shortlisted", "pitched", "sample_sent"} <= kinds
        assert session.exec(select(Pitch)).first() is not None
        assert session.exec(select(Coverage)).first() is not None  # Northbrew is named in pitched blogs' posts
        # Its monitors found their brands in the crawl: share of voice has something to compare.
        found = set(session.exec(select(Monitor.name).join(Mention, Mention.monitor_id == Monitor.id)))
        assert {"Northbrew", "Trailfox", "AeroPress", "Chemex"} <= found
        assert session.exec(select(Fee)).first() is not None and coffee.budget is not None
        # The demo's bloggers write in English, as the crawler read it, and carry the team's own fields.
        assert set(session.exec(select(Blog.language).where(Blog.platform == "blog"))) == {"en"}
        assert len(session.exec(select(CustomValue)).all()) == 20
        # Each campaign has its press release, and Northbrew's vetting finds a shortlisted blogger's posts
        # on AeroPress, the competitor it avoids.
        assert len(session.exec(select(CampaignFile)).all()) == 2
        coffee_bloggers = session.exec(select(PipelineEntry.blogger_id).where(PipelineEntry.campaign_id == coffee.id))
        assert any(vet_blogger(session, blogger_id, coffee.avoid_terms).flagged for blogger_id in coffee_bloggers)
        demo_history_reads_true(session, coffee)
        maya = demo_bloggers_have_second_channels(session)
    engine.dispose()
    assert (folder / "index" / "manifest.json").exists()
    profile_shows_both_channels(folder, result.output, maya)


def demo_bloggers_have_second_channels(session) -> int:
    """Two bloggers' Mastodon accounts, crawled with their engagement read from the local server's
    API, each joined to its blog because both link to the other with rel=me; returns Maya's id."""
    from outreach.core.models import Blogger

    accounts = session.exec(select(Blog).where(Blog.platform == "mastodon").order_by(Blog.title)).all()
    assert [account.title for account in accounts] == ["Maya Lindqvist", "Owen Pritchard"]
    for account in accounts:
        channels = session.exec(select(Blog).where(Blog.blogger_id == account.blogger_id)).all()
        assert sorted(channel.platform for channel in channels) == ["blog", "mastodon"]
        assert account.api_status == "ok" and account.followers in (1840, 960)
        posts = session.exec(select(Post).where(Post.blog_id == account.id)).all()
        assert len(posts) >= 5 and all(post.likes is not None and post.shares is not None for post in posts)
        assert all(post.engagement_source.startswith("Mastodon API (127.0.0.1:") for post in posts)
    maya = session.get(Blogger, accounts[0].blogger_id)
    assert maya.name == "Maya Lindqvist"
    return maya.id


def profile_shows_both_channels(folder, output: str, blogger_id: int) -> None:
    from outreach import create_app

    password = re.search(r"with password (\S+)", output).group(1)
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite'}", "INSTANCE_PATH": str(folder),
                      "SECRET_KEY": "demo test", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    client.post("/login", data={"email": "demo@outreach.local", "password": password})
    page = client.get(f"/bloggers/{blogger_id}/").data.decode()
    assert 'data-platform="blog"' in page and 'data-platform="mastodon"' in page
    assert "1,840 followers" in page and "Writes in English" in page
    # The team's two pitch templates: the dashboard compares them, and the board's bulk bar offers them.
    dashboard = client.get("/dashboard/").data.decode()
    table = dashboard[dashboard.index('id="templates-table"'):]
    assert "<td>Warm intro</td>" in table and "<td>Sample offer</td>" in table
    board = client.get("/campaigns/1/").data.decode()
    assert 'id="coverage-goal"' in board and "Preview emails" in board
    app.extensions["outreach.engine"].dispose()


def test_demo_serves_the_app_and_its_printed_sign_in_works(tmp_path):
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [str(Path(sys.executable).parent / "outreach"), "demo", "--port", str(port),
               "--folder", str(tmp_path / "demo")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        sign_in = None
        for line in process.stdout:
            sign_in = re.search(r"Sign in at (\S+) as (\S+) with password (\S+)", line)
            if sign_in:
                break
        assert sign_in, "the demo printed no sign-in line"
        base, email, password = sign_in.group(1).rstrip("/"), sign_in.group(2), sign_in.group(3)
        with httpx.Client(base_url=base, timeout=10) as client:
            deadline = time.monotonic() + 30
            while True:
                try:
                    login_page = client.get("/login")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "the demo's app did not answer"
                    time.sleep(0.2)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page.text).group(1)
            client.post("/login", data={"csrf_token": token, "email": email, "password": password})
            campaigns = client.get("/campaigns/")
            assert campaigns.status_code == 200
            assert "Northbrew" in campaigns.text
    finally:
        process.terminate()
        exit_code = process.wait(timeout=30)
        process.stdout.close()
    assert exit_code == 0


def demo_history_reads_true(session, campaign):
    """Stage changes dated as the work happened (not all at creation), over several weeks, with
    quiet weeks as zeros on the activity chart, samples valued in a currency, a timeline in order."""
    from outreach.core.models import Sample, StageChange, utcnow
    from outreach.core.reports import ReportFilter, pipeline_report
    from outreach.web.campaigns.queries import entry_timeline
    from outreach.web.dashboard.views import weekly_totals

    entry_ids = list(session.exec(select(PipelineEntry.id).where(PipelineEntry.campaign_id == campaign.id)))
    stamps = [change.changed_at for change in session.exec(
        select(StageChange).where(StageChange.entry_id.in_(entry_ids)))]
    assert max(stamps) - min(stamps) > timedelta(days=14)
    assert all(stamp < utcnow() - timedelta(days=7) for stamp in stamps)
    report = pipeline_report(session, ReportFilter(campaign_id=campaign.id))
    chart = weekly_totals(report.activity)
    assert len(chart["labels"]) >= 3 and 0 in [sum(week) for week in zip(*(chart[key] for key in (
        "pitches", "follow_ups", "replies", "wins")))]
    assert {sample.currency for sample in session.exec(select(Sample).where(Sample.entry_id.in_(entry_ids)))} == {"EUR"}
    assert report.samples_value_by_currency == {"EUR": 98}
    sent = session.exec(select(Sample).where(Sample.entry_id.in_(entry_ids))).first()
    timeline = entry_timeline(session, [sent.entry_id])
    assert [item.at for item in timeline] == sorted((item.at for item in timeline), reverse=True)
    oldest_first = [item.title for item in reversed(timeline)]
    assert oldest_first[0] == "Added to Shortlisted"
    kinds = [item.kind for item in reversed(timeline)]
    assert kinds.index("pitch") < kinds.index("reply") < kinds.index("sample")
