"""The demo, worked, in a test's own database: what the hostile sweeps of the pages and the
command line run against."""

from __future__ import annotations

from cryptography.fernet import Fernet
from flask import Flask
from sqlmodel import Session, select

from crawlers.options import CrawlOptions
from outreach.core.campaigns import set_members
from outreach.core.db import make_engine
from outreach.core.mail.mailboxes import save_mailbox
from outreach.core.models import Campaign, Mailbox, PitchTemplate, User
from outreach.core.monitors import save_monitor
from outreach.core.saved_views import save_view
from outreach.core.tokens import create_token
from outreach.core.users import create_user
from outreach.demo.setup import DemoSummary, build_demo
from outreach.demo.site import DemoServer
from outreach.web.search import app_index_dir
from tests.conftest import PASSWORD


def build_worked_demo(app: Flask, database_url: str) -> DemoSummary:
    """The demo's blogs crawled into the database and ranked into its niches and campaigns, as
    `outreach demo` does (its server stopped after), and the rows it does not make."""
    engine = make_engine(database_url)
    options = CrawlOptions(allow_private_networks=True, politeness_delay=0.0, per_host_limit=4)
    with DemoServer() as site:
        summary = build_demo(engine, site.url, app_index_dir(app), options)
    app.config["MAIL_KEY"] = Fernet.generate_key().decode()
    with Session(engine) as session:
        furnish(session, session.exec(select(User).where(User.email == summary.admin_email)).one(),
                app.config["MAIL_KEY"])
        session.commit()
    engine.dispose()
    return summary


def add_person(database_url: str, email: str, role: str, name: str, *, first_campaign: bool = False) -> None:
    """Another person to sign in as (password tests.conftest.PASSWORD); with first_campaign, a
    member of the demo's first campaign."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        person = create_user(session, email, PASSWORD, role, name)
        session.flush()
        if first_campaign:
            campaign = session.exec(select(Campaign).order_by(Campaign.id)).first()
            set_members(session, campaign, [person.id], keep=campaign.created_by_id)
        session.commit()
    engine.dispose()


def furnish(session: Session, admin: User, mail_key: str) -> None:
    """What the demo does not make, so that their pages and commands are reached too: a brand
    monitor, a mailbox (on a closed port), a pitch template, a saved view and an API token."""
    save_monitor(session, admin, None, name="Northbrew mentions", terms=["Northbrew", "espresso"])
    save_mailbox(session, admin, Mailbox(name="Work mail", email_address="demo@outreach.local",
                                         smtp_host="127.0.0.1", smtp_port=1, username="demo"), "secret", mail_key)
    session.add(PitchTemplate(name="First pitch", subject="Hello {{ first_name }}", body="We love {{ blog }}."))
    save_view(session, admin, "directory", "Coffee blogs", "q=coffee")
    create_token(session, admin, "script")
