"""`outreach users`: add and list the people who sign in."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import select

from outreach.cli.database import cli_session
from outreach.core import audit
from outreach.core.models import ROLES, User
from outreach.core.password_links import NEEDS_MAIL, can_email_links, invite_user, send_invitation
from outreach.core.sign_in_identities import linked_providers
from outreach.core.two_step import reset_two_step
from outreach.core.users import UserError, create_user, set_password, user_by_email


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
@click.option("--invite", is_flag=True,
              help="Email them a link to choose their own password (7 days) instead of setting one; needs "
                   "OUTREACH_SMTP_HOST and OUTREACH_BASE_URL.")
@with_appcontext
def add_user_command(email: str, role: str, name: str, password_stdin: bool, invite: bool) -> None:
    """Add a user; asks for the password, or reads it from standard input, or invites them by email."""
    config = current_app.config
    if invite and not can_email_links(config):
        raise UserError(f"{NEEDS_MAIL}; give a password instead")
    password = None if invite else read_password(password_stdin)
    with cli_session() as session:
        zone = config["TIME_ZONE"]
        user = (invite_user(session, email, role, name, zone) if invite
                else create_user(session, email, password, role, name, zone))
        session.commit()
        if not invite:
            click.echo(f"Added {user.role} {user.email} (id {user.id}).")
            return
        why_not = send_invitation(config, user, None)
        if why_not:
            raise UserError(f"added {user.email} (id {user.id}), but the invitation was not sent: {why_not}; "
                            "an admin sends it again from the Users page")
        click.echo(f"Invited {user.role} {user.email} (id {user.id}): the link to choose a password works for 7 days.")


@users_group.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input (the first line) instead of asking.")
@with_appcontext
def set_password_command(email: str, password_stdin: bool) -> None:
    """Give a user a new password; every session they had ends."""
    with cli_session() as session:
        user = user_by_email(session, email)
        if user is None:
            raise UserError(f"no user with email {email.strip().lower()}")
        set_password(session, user, read_password(password_stdin))
        audit.record(session, None, "set_password", "user", user.id, via="cli")
        session.commit()
        click.echo(f"New password set for {user.email}; their sessions have ended.")


def read_password(from_stdin: bool) -> str:
    """The first line of standard input, or what the person types twice at a prompt."""
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_group.command("list")
@with_appcontext
def list_users_command() -> None:
    """List every user with their role."""
    with cli_session() as session:
        linked = linked_providers(session)
        for user in session.exec(select(User).order_by(User.email)):
            state = ("" if user.is_active else "  (disabled)") + ("  (two-step)" if user.has_two_step else "") + "".join(
                f"  (signs in with {identity.provider.title()})" for identity in linked.get(user.id, []))
            click.echo(f"{user.id:>5}  {user.role:<8} {user.email}{state}")


@users_group.command("reset-two-step")
@click.argument("email")
@with_appcontext
def reset_two_step_command(email: str) -> None:
    """Turn off a user's two-step sign-in (a lost phone); they sign in with their password alone
    and may set it up again. Every session they had ends."""
    with cli_session() as session:
        user = user_by_email(session, email)
        if user is None:
            raise UserError(f"no user with email {email.strip().lower()}")
        if not user.has_two_step:
            click.echo(f"{user.email} does not sign in in two steps: nothing to reset.")
            return
        reset_two_step(session, None, user, via="cli")
        session.commit()
        click.echo(f"Two-step sign-in is off for {user.email}; their sessions have ended.")
