"""The `outreach` command: help, users, serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlmodel import Session, select

from outreach.core.models import User

VENV_BIN = Path(sys.executable).parent


def test_help_lists_commands_with_help_text():
    result = subprocess.run(
        [str(VENV_BIN / "outreach"), "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    for command in ("init-db", "users", "serve", "run", "routes"):
        line = next(line for line in result.stdout.splitlines() if line.strip().startswith(command + " "))
        assert len(line.split(None, 1)[1]) > 5, f"{command} has no help text"


def test_users_add_reads_password_from_stdin(runner, engine):
    result = runner.invoke(args=["users", "add", "Ana@Example.com", "--role", "manager"],
                           input="a strong password\n")
    assert result.exit_code == 0, result.output
    assert "Added manager ana@example.com" in result.output
    with Session(engine) as session:
        user = session.exec(select(User)).one()
        assert user.role == "manager" and user.email == "ana@example.com"


def test_users_add_duplicate_is_refused_and_keeps_first(runner, engine):
    runner.invoke(args=["users", "add", "ana@example.com", "--role", "staff"], input="first password\n")
    result = runner.invoke(args=["users", "add", "ana@example.com", "--role", "admin"],
                           input="second password\n")
    assert result.exit_code == 1
    assert "Error: a user with email ana@example.com already exists" in result.output
    with Session(engine) as session:
        assert session.exec(select(User.role)).all() == ["staff"]


def test_users_add_bad_role_is_refused(runner, engine):
    result = runner.invoke(args=["users", "add", "ana@example.com", "--role", "boss"], input="password123\n")
    assert result.exit_code == 2
    assert "'boss' is not one of 'admin', 'manager', 'staff'" in result.output
    with Session(engine) as session:
        assert session.exec(select(User)).all() == []


def test_users_add_short_password_and_bad_email_are_refused(runner, engine):
    short = runner.invoke(args=["users", "add", "ana@example.com", "--role", "staff"], input="short\n")
    assert "at least 8 characters" in short.output
    bad = runner.invoke(args=["users", "add", "not-an-email", "--role", "staff"], input="password123\n")
    assert "not an email address" in bad.output
    with Session(engine) as session:
        assert session.exec(select(User)).all() == []


def test_users_list_shows_roles(runner, users):
    result = runner.invoke(args=["users", "list"])
    assert "admin    admin@example.com" in result.output
    assert "staff    staff@example.com" in result.output


def test_users_add_invite_emails_a_link_to_choose_the_password(app, runner, engine, smtp_server):
    from tests.local_mail import smtp_config

    refused = runner.invoke(args=["users", "add", "ana@example.com", "--role", "staff", "--invite"])
    assert refused.exit_code == 1 and "invitations need a mail server" in refused.output
    controller, inbox = smtp_server
    app.config.update(smtp_config(controller), BASE_URL="https://outreach.example.com")
    result = runner.invoke(args=["users", "add", "ana@example.com", "--role", "staff", "--invite"])
    assert result.exit_code == 0 and "Invited staff ana@example.com" in result.output
    [(recipients, message)] = inbox.messages
    body = message.get_payload(decode=True).decode()
    assert recipients == ["ana@example.com"] and "You are invited to Outreach" in body
    assert "https://outreach.example.com/login/welcome/" in body


def test_users_reset_two_step_turns_it_off_for_a_lost_phone(runner, users, engine):
    import pyotp

    from outreach.core.models import AuditEvent
    from outreach.core.two_step import new_secret, turn_on

    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        secret = new_secret()
        turn_on(session, staff, secret, pyotp.TOTP(secret).now(), key="the app's secret key")
        session.commit()
    assert "staff@example.com  (two-step)" in runner.invoke(args=["users", "list"]).output
    result = runner.invoke(args=["users", "reset-two-step", "Staff@Example.com"])
    assert result.exit_code == 0 and "Two-step sign-in is off for staff@example.com" in result.output
    with Session(engine) as session:
        assert not session.get(User, users["staff"][0]).has_two_step
        assert session.exec(select(AuditEvent.action).where(AuditEvent.action == "reset_two_step")).all()
    again = runner.invoke(args=["users", "reset-two-step", "staff@example.com"])
    assert again.exit_code == 0 and "nothing to reset" in again.output
    missing = runner.invoke(args=["users", "reset-two-step", "nobody@example.com"])
    assert missing.exit_code == 1 and "no user with email nobody@example.com" in missing.output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_runs_granian_and_answers(database_url, tmp_path):
    port = free_port()
    env = dict(os.environ, OUTREACH_DATABASE_URL=database_url, OUTREACH_INSTANCE_PATH=str(tmp_path))
    process = subprocess.Popen(
        [str(VENV_BIN / "outreach"), "serve", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        body = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:
                    body = response.read().decode()
                    server = response.headers.get("Server", "")
            except OSError:
                time.sleep(0.2)
        assert body is not None, "server did not answer"
        assert "Sign in" in body
        assert server == "granian"
    finally:
        process.terminate()
        # A clean stop on SIGTERM, as a service manager sends it.
        assert process.wait(timeout=20) == 0


def command_paths(group, prefix="outreach"):
    """Every subcommand path, e.g. 'outreach users add'."""
    import click

    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from command_paths(command, path)
        else:
            yield path


def test_every_command_is_documented_in_readme(app):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    missing = [path for path in command_paths(app.cli) if f"`{path}" not in readme]
    assert missing == []


def test_users_add_before_init_db_says_what_to_do(tmp_path):
    from outreach import create_app

    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    result = app.test_cli_runner().invoke(
        args=["users", "add", "a@example.com", "--role", "admin"], input="password123\n"
    )
    assert result.exit_code == 1
    assert "run `outreach init-db` first" in result.output


@pytest.mark.parametrize("args", [
    ["niche", "list"], ["niche", "show", "Coffee"], ["niche", "add", "Coffee", "--brief", "specialty coffee"],
    ["niche", "edit", "Coffee", "--brief", "tea"], ["niche", "remove", "Coffee"], ["rank", "Coffee"],
    ["similar", "1"], ["index"], ["blogs", "export"], ["blogs", "discover"], ["blogs", "candidates"],
    ["bloggers", "merge", "1", "2"], ["bloggers", "export", "1"], ["bloggers", "forget", "1", "--yes"], ["users", "list"], ["users", "reset-two-step", "a@example.com"], ["tokens", "list", "a@example.com"], ["crawl"],
])
def test_every_command_on_a_database_without_its_schema_says_what_to_do(tmp_path, args):
    from outreach import create_app

    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 1, result.output
    assert "run `outreach init-db` first" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback


def test_serve_compiles_templates_and_freezes_the_heap_before_forking(app):
    import gc

    from outreach.cli.serve import prepare_for_workers
    from scoring import semantic

    names = app.jinja_env.list_templates()
    assert "bloggers/directory.html" in names
    semantic._load_model.cache_clear()
    try:
        prepare_for_workers(app)
        assert semantic._load_model.cache_info().currsize == 1  # the workers' first ranking does not load it
        # The collector now skips everything loaded so far; without the freeze it walked
        # all of it on each full collection of every request.
        assert gc.get_freeze_count() > 10_000
        cache = app.jinja_env.cache
        assert all(any(key[1] == name for key in cache.keys()) for name in names)
    finally:
        gc.unfreeze()
