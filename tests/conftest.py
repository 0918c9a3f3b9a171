"""Fixtures: a fresh database per test (SQLite, or PostgreSQL when asked), the app, a
client, a CLI runner, signed-in users, and headless Chromium for browser tests."""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlmodel import Session

from crawlers.options import CrawlOptions
from outreach import create_app
from outreach.core.db import make_engine, upgrade_schema
from outreach.core.models import Sample, User, metadata, utcnow
from outreach.core.pipeline import log_pitch, log_reply
from outreach.core.stages import move_entry, stage_of_kind
from outreach.core.users import create_user
from tests.factories import Collection, make_campaign_with_entries
from tests.local_mail import Inbox, free_port
from tests.local_site import Site

TEST_DATABASE_URL = os.environ.get("OUTREACH_TEST_DATABASE_URL", "")
CHROMIUM = os.environ.get("OUTREACH_TEST_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "correct horse battery"


def pytest_report_header(config):
    return f"database: {'PostgreSQL' if TEST_DATABASE_URL else 'SQLite'}"


def migrated_postgres_database():
    """Create and migrate a PostgreSQL database of its own on the test server, yield its URL,
    then drop it."""
    server_url = make_url(TEST_DATABASE_URL)
    name = f"outreach_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server_url.render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server_url.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade_schema(engine)
    engine.dispose()
    yield url
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """A database migrated once per test process: a SQLite file to copy, or a PostgreSQL
    database created for this run and dropped after it."""
    if not TEST_DATABASE_URL:
        path = tmp_path_factory.mktemp("template") / "template.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        upgrade_schema(engine)
        engine.dispose()
        yield path
        return
    yield from migrated_postgres_database()


@pytest.fixture
def database_url(migrated_database, tmp_path):
    """The URL of an empty, migrated database for this test alone."""
    if isinstance(migrated_database, Path):
        path = tmp_path / "test.sqlite"
        shutil.copyfile(migrated_database, path)
        yield f"sqlite:///{path}"
        return
    yield migrated_database
    engine = make_engine(migrated_database)
    with engine.begin() as connection:
        empty_postgres_database(connection)
    engine.dispose()


def empty_postgres_database(connection) -> None:
    """Delete every row and restart every sequence, as a fresh migrated database has them."""
    # DELETE, children first, rather than one TRUNCATE of every table: a TRUNCATE gives each of
    # the ~50 tables new files and syncs them, about a second a test; deleting the few rows a
    # test wrote takes 10 ms.
    for table in reversed(metadata.sorted_tables):
        connection.execute(table.delete())
    connection.execute(text(
        "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false) FROM pg_sequences"
    ))


@pytest.fixture
def other_database_url(migrated_database, tmp_path):
    """A second empty, migrated database beside `database_url`, for tests of two databases."""
    if isinstance(migrated_database, Path):
        path = tmp_path / "other.sqlite"
        shutil.copyfile(migrated_database, path)
        yield f"sqlite:///{path}"
        return
    yield from migrated_postgres_database()


@pytest.fixture
def collection(session) -> Collection:
    return Collection(session)


@pytest.fixture
def background(collection) -> Collection:
    """Fifteen blogs on other topics, so that term weights mean something."""
    others = ["cooking", "gardening", "finance", "knitting"]
    for number in range(15):
        main = others[number % 4]
        topics = [main] * 8 + [others[(number + 1) % 4]] * 2
        collection.blog(f"Other {number}", topics)
    return collection


@pytest.fixture
def smtp_server():
    """An SMTP server on 127.0.0.1 and the inbox of what it received."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def mail_smtp():
    """An SMTP server on 127.0.0.1 that asks for a login (pr@example.test, "imap secret"), and its inbox."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=isinstance(auth_data, LoginPassword) and auth_data.login == b"pr@example.test"
                          and auth_data.password == b"imap secret", handled=False)

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture(scope="session")
def mail_tls(tmp_path_factory):
    """A test certificate authority and a certificate for 127.0.0.1, as PEM files."""
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    folder = tmp_path_factory.mktemp("mail-tls")
    paths = {name: folder / f"{name}.pem" for name in ("ca", "cert", "key")}
    ca.cert_pem.write_to_path(str(paths["ca"]))
    cert.private_key_and_cert_chain_pem.write_to_path(str(paths["cert"]))
    cert.private_key_pem.write_to_path(str(paths["key"]))
    return paths


@contextmanager
def started_dovecot(mail_tls, oauth_userinfo_url: str = ""):
    """Dovecot on 127.0.0.1 (IMAP and IMAPS) with one user, pr@example.test, password "imap secret";
    with a userinfo address, access tokens too (XOAUTH2), checked by asking the provider."""
    from tests.local_imap import Dovecot, dovecot_available

    if not dovecot_available():
        pytest.skip("Dovecot is not installed (Debian package dovecot-imapd; ./dev.sh test installs it)")
    if os.geteuid() != 0:
        pytest.skip("Dovecot is started as root here, to hand the Maildirs to its own mail user")
    import tempfile

    # Dovecot's own users read the configuration and the Maildirs: pytest's folders are root's alone.
    base = Path(tempfile.mkdtemp(prefix="outreach-dovecot-"))
    base.chmod(0o755)
    tls = base / "tls"
    tls.mkdir()
    for name in ("cert", "key"):
        shutil.copyfile(mail_tls[name], tls / f"{name}.pem")
    server = Dovecot(base / "server", {"pr@example.test": "imap secret"}, tls / "cert.pem", tls / "key.pem",
                     oauth_userinfo_url=oauth_userinfo_url)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def dovecot(mail_tls):
    """Dovecot on 127.0.0.1 (IMAP and IMAPS) with one user, pr@example.test, password "imap secret"."""
    with started_dovecot(mail_tls) as server:
        yield server


@pytest.fixture
def oauth_provider():
    """A mail provider's OAuth 2.0 server on 127.0.0.1 (consent page, token and userinfo endpoints)."""
    from tests.local_oauth import OAuthProvider

    provider = OAuthProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def oauth_dovecot(mail_tls, oauth_provider):
    """Dovecot that takes the provider's access tokens (XOAUTH2) for pr@example.test."""
    with started_dovecot(mail_tls, oauth_provider.base_url + "/userinfo") as server:
        yield server


@pytest.fixture
def oauth_smtp(mail_tls, oauth_provider):
    """An SMTP server on 127.0.0.1 that logs in only with the provider's access tokens (XOAUTH2), after
    STARTTLS, as Microsoft 365's does; and its inbox."""
    import ssl

    from aiosmtpd.controller import Controller

    from tests.local_mail import TokenInbox

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(mail_tls["cert"]), str(mail_tls["key"]))
    inbox = TokenInbox(oauth_provider)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True)
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def site():
    """A local HTTP server whose answers the test programs, started and stopped around it."""
    served = Site().start()
    yield served
    served.stop()


@pytest.fixture
def options():
    """Crawler options for the local site: private addresses allowed, no politeness pause."""
    return CrawlOptions(allow_private_networks=True, politeness_delay=0.0, total_timeout=3.0, connect_timeout=2.0)


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test secret key",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": False,
            "ALLOW_PRIVATE_NETWORKS": True,
            "CRAWL_POLITENESS_SECONDS": 0.0,
        }
    )
    yield app
    engine = app.extensions.get("outreach.engine")
    if engine is not None:
        engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def signed_up_users():
    """The rows create_user makes for one user of each role, made once per test process."""
    # Each password hash takes scrypt a tenth of a second, and two tests in three sign up these
    # three users: their rows are copied into each test's database instead.
    engine = make_engine("sqlite://")
    metadata.create_all(engine)
    with Session(engine) as session:
        made = [create_user(session, f"{role}@example.com", PASSWORD, role, name=role.title())
                for role in ("admin", "manager", "staff")]
        rows = [user.model_dump(exclude={"id", "created_at"}) for user in made]
    engine.dispose()
    return rows


@pytest.fixture
def users(engine, signed_up_users):
    """One signed-up user of each role, by role name."""
    with Session(engine) as session:
        made = {row["role"]: User(**row) for row in signed_up_users}
        session.add_all(made.values())
        session.commit()
        return {role: (user.id, user.email) for role, user in made.items()}


class AuthActions:
    """Sign in and out through the real login form."""

    def __init__(self, client):
        self._client = client

    def login(self, email="staff@example.com", password=PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client, users):
    return AuthActions(client)


@pytest.fixture
def live_server(database_url, tmp_path):
    """The app served over real HTTP on 127.0.0.1, CSRF on, for the browser."""
    from werkzeug.serving import make_server

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "browser test secret key",
            "INSTANCE_PATH": str(tmp_path / "live-instance"),
            "ALLOW_PRIVATE_NETWORKS": True,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # serve_forever looks for shutdown every poll_interval: half a second at each test's end by default.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    server.app = app
    yield server
    server.shutdown()
    thread.join(timeout=5)
    # Requests still being answered hold database connections; one returned after the engine is
    # disposed goes back to an abandoned pool and is closed only by the garbage collector, which
    # psycopg reports as a ResourceWarning in whatever test runs then. So wait for them (a while).
    for worker in list(getattr(server, "_threads", None) or ()):
        worker.join(timeout=5)
    app.extensions["outreach.engine"].dispose() if "outreach.engine" in app.extensions else None


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven headless by Playwright (which cannot download its own)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run the README's test command, "
                    "which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A new page; any Content-Security-Policy violation Chromium reports while it is used fails the test."""
    yield from watched_page(browser)


def watched_page(browser, **context_options):
    """A page in a context of its own (a browser's zone, say), failing the test on a Content-Security-Policy
    violation Chromium reports while it is used."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert violations == [], "the page broke its Content-Security-Policy"


def sign_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login page in the browser, and wait for the page the form leads to: a
    test that reads the next page at once once read the login page, still there."""
    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


@pytest.fixture
def scenario(session, users):
    """Four bloggers: A covered, B pitched and silent, C only shortlisted, D replied then declined."""
    manager = session.get(User, users["manager"][0])
    staff = session.get(User, users["staff"][0])
    campaign, (a, b, c, d) = make_campaign_with_entries(session, manager.id, names=("A", "B", "C", "D"))
    now = utcnow()
    log_pitch(session, staff, a, channel="email", subject="Hello", message="", follow_up_on=None,
              sent_at=now - timedelta(days=10))
    log_reply(session, staff, a, channel="email", summary="yes", sentiment="positive",
              received_at=now - timedelta(days=8))
    move_entry(session, manager, a, stage_of_kind(session, campaign.id, "covered"), None)
    log_pitch(session, staff, b, channel="email", subject="Hello", message="",
              follow_up_on=date.today() - timedelta(days=1), sent_at=now - timedelta(days=9))
    log_pitch(session, manager, d, channel="social", subject="Hello", message="", follow_up_on=None,
              sent_at=now - timedelta(days=9))
    log_reply(session, manager, d, channel="social", summary="no thanks", sentiment="negative",
              received_at=now - timedelta(days=5))
    move_entry(session, manager, d, stage_of_kind(session, campaign.id, "declined"), None)
    session.add(Sample(entry_id=a.id, item="Grinder", quantity=2, unit_value=Decimal("50"), status="sent"))
    session.add(Sample(entry_id=d.id, item="Beans", quantity=1, unit_value=Decimal("12.5"), status="received"))
    session.commit()
    return campaign, manager, staff
