"""`outreach tokens`: create, list and revoke personal API tokens."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from outreach.cli.database import ROW_ID, cli_session, get_or_refuse
from outreach.core.models import ApiToken
from outreach.core.tokens import create_token, revoke_token, user_tokens
from outreach.core.users import user_by_email


@click.group("tokens")
def tokens_group() -> None:
    """Create, list and revoke personal API tokens."""


@tokens_group.command("create")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for.")
@with_appcontext
def create_token_command(email: str, name: str) -> None:
    """Create a token for a user and print it (it is shown only once)."""
    with cli_session() as session:
        user = user_by_email(session, email)
        if user is None:
            raise click.ClickException(f"no user with email {email}")
        token, plain = create_token(session, user, name)
        session.commit()
        click.echo(plain)
        click.echo(f"Token {token.id} ({token.name!r}) for {user.email}. Keep it secret: it is not shown again.",
                   err=True)


@tokens_group.command("list")
@click.argument("email")
@with_appcontext
def list_tokens_command(email: str) -> None:
    """List a user's tokens."""
    with cli_session() as session:
        user = user_by_email(session, email)
        if user is None:
            raise click.ClickException(f"no user with email {email}")
        for token in user_tokens(session, user.id):
            state = "revoked" if token.revoked_at else "active"
            click.echo(f"{token.id:>5}  {token.prefix}…  {state:<8} {token.name}")


@tokens_group.command("revoke")
@click.argument("token_id", type=ROW_ID)
@with_appcontext
def revoke_token_command(token_id: int) -> None:
    """Revoke a token by its id."""
    with cli_session() as session:
        token = get_or_refuse(session, ApiToken, token_id, "token")
        revoke_token(session, token)
        session.commit()
        click.echo(f"Revoked token {token_id}.")
