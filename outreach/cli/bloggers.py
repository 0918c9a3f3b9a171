"""`outreach bloggers`: one person's channels under one blogger; what is stored about them, and forgetting them."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from outreach.cli.database import cli_session, get_or_refuse
from outreach.core import audit
from outreach.core.channels import find_blogger, merge_bloggers
from outreach.core.forgetting import export_blogger, forget_blogger, forget_counts
from outreach.core.lifecycle import counts_text
from outreach.core.models import Blogger


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


@bloggers_group.command("export")
@click.argument("blogger")
@with_appcontext
def export_command(blogger: str) -> None:
    """Print everything stored about BLOGGER as JSON (their request to see it): the person, contacts,
    channels with their posts, notes, and every campaign entry with what was logged on it."""
    with cli_session() as session:
        person = get_or_refuse(session, Blogger, find_blogger(session, blogger), "blogger")
        document = export_blogger(session, person)
        # Who saw a person's data is part of answering their request, as on the pages and the API.
        audit.record(session, None, "exported", "blogger", person.id, via="cli")
        session.commit()
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@bloggers_group.command("forget")
@click.argument("blogger")
@click.option("--yes", is_flag=True, help="Forget without asking.")
@with_appcontext
def forget_command(blogger: str, yes: bool) -> None:
    """Forget BLOGGER at their request: delete them, their channels, posts, contacts, notes and
    campaign entries, and refuse their emails and addresses from then on."""
    with cli_session() as session:
        person = get_or_refuse(session, Blogger, find_blogger(session, blogger), "blogger")
        counts = forget_counts(session, person)
        said = counts_text(counts)
        if not yes:
            click.confirm(f"Forget blogger {person.id} ({person.name or 'unnamed'}): {said}?", abort=True)
        forget_blogger(session, None, person)
        session.commit()
        click.echo(f"Forgot blogger {person.id}: deleted {said}. Their emails and addresses will not be added again; "
                   "the search index drops their posts at its next refresh (`outreach index`).")
