"""`outreach users`: add and list the people who sign in."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlmodel import select

from outreach.cli.database import cli_session
from outreach.core.models import ROLES, User
from outreach.core.users import create_user


@click.group("users")
def users_group() -> None:
    """Add and list the people who sign in."""


@users_group.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option("--name", default="", help="The name shown in the app.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input (the first line) instead of asking.",
)
@with_appcontext
def add_user_command(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Add a user; asks for the password, or reads it from standard input."""
    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with cli_session() as session:
        user = create_user(session, email, password, role, name)
        session.commit()
        click.echo(f"Added {user.role} {user.email} (id {user.id}).")


@users_group.command("list")
@with_appcontext
def list_users_command() -> None:
    """List every user with their role."""
    with cli_session() as session:
        for user in session.exec(select(User).order_by(User.email)):
            state = "" if user.is_active else "  (disabled)"
            click.echo(f"{user.id:>5}  {user.role:<8} {user.email}{state}")
