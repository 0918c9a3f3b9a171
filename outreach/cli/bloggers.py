"""`outreach bloggers`: one person's channels under one blogger."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from outreach.cli.database import cli_session
from outreach.core.channels import find_blogger, merge_bloggers


@click.group("bloggers")
def bloggers_group() -> None:
    """Work on bloggers (the people behind the channels)."""


@bloggers_group.command("merge")
@click.argument("keep")
@click.argument("other")
@with_appcontext
def merge_command(keep: str, other: str) -> None:
    """Merge blogger OTHER into KEEP: every channel, contact, note and campaign entry of OTHER
    moves to KEEP. Each is a blogger's number, profile address or one of its channels' addresses."""
    with cli_session() as session:
        keep_id, other_id = find_blogger(session, keep), find_blogger(session, other)
        blogger = merge_bloggers(session, keep_id, other_id, None, "merged from the command line")
        session.commit()
        click.echo(f"Merged blogger {other_id} into blogger {keep_id} ({blogger.name or 'unnamed'}).")
