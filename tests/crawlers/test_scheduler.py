"""`outreach scheduler` in its own process: it crawls due blogs on its own, and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import Session, select

from outreach.core.blog_intake import create_blog
from outreach.core.models import Blog, Post
from tests.local_site import GOLDEN


def test_scheduler_crawls_due_blogs_and_stops_cleanly(engine, database_url, site, tmp_path):
    site.route("/blog/", body=(GOLDEN / "homepage.html").read_bytes(), content_type="text/html")
    site.golden("/blog/feed.xml", "rss.xml")
    with Session(engine) as session:
        create_blog(session, site.url + "/blog/", source="url", status="pending")
        session.commit()
    env = dict(os.environ, OUTREACH_DATABASE_URL=database_url, OUTREACH_INSTANCE_PATH=str(tmp_path),
               OUTREACH_ALLOW_PRIVATE_NETWORKS="1", OUTREACH_CRAWL_POLITENESS_SECONDS="0")
    process = subprocess.Popen([str(Path(sys.executable).parent / "outreach"), "scheduler", "--tick", "5"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stored = 0
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and stored < 2:
            time.sleep(0.5)
            with Session(engine) as session:
                stored = len(session.exec(select(Post)).all())
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
    assert stored == 2, output
    with Session(engine) as session:
        assert session.exec(select(Blog)).one().status == "active"
    assert (tmp_path / "index" / "manifest.json").exists()
    assert process.returncode is not None
    assert "Scheduler running" in output and "Traceback" not in output and "ERROR" not in output, output
