"""`outreach demo --no-serve`: the newcomer's first run sets everything up for real."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from outreach.db import make_engine
from outreach.models import Blog, Campaign, ContactDetail, Coverage, Niche, PipelineEntry, Pitch, Post, Stage


def test_demo_sets_up_blogs_niches_and_campaigns(tmp_path):
    from click.testing import CliRunner

    from outreach.cli import cli

    folder = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--folder", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert re.search(r"Crawled 35 blogs \(\d{3} posts\), added 8 niches and 2 campaigns", result.output)
    assert "Sign in at http://127.0.0.1:5000/ as demo@outreach.local with password " in result.output
    engine = make_engine(f"sqlite:///{folder / 'demo.sqlite'}")
    with Session(engine) as session:
        assert len(session.exec(select(Blog).where(Blog.error_count == 0)).all()) == 35
        assert len(session.exec(select(Post)).all()) >= 350
        assert len(session.exec(select(Niche)).all()) == 8
        assert session.exec(select(ContactDetail).where(ContactDetail.kind == "email")).first() is not None
        coffee = session.exec(select(Campaign).where(Campaign.brand == "Northbrew")).one()
        stages = {stage.id: stage.kind for stage in session.exec(select(Stage).where(Stage.campaign_id == coffee.id))}
        kinds = {stages[entry.stage_id] for entry in session.exec(
            select(PipelineEntry).where(PipelineEntry.campaign_id == coffee.id))}
        assert {"shortlisted", "pitched", "sample_sent"} <= kinds
        assert session.exec(select(Pitch)).first() is not None
        assert session.exec(select(Coverage)).first() is not None  # Northbrew is named in pitched blogs' posts
    engine.dispose()
    assert (folder / "index" / "manifest.json").exists()
