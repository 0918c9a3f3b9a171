"""`outreach mail`: the key that encrypts connected mailboxes' passwords."""

from __future__ import annotations

import click

from outreach.core.mail.secrets import make_key


@click.group("mail")
def mail_group() -> None:
    """Connected mailboxes."""


@mail_group.command("make-key")
def make_key_command() -> None:
    """Print a new key for OUTREACH_MAIL_KEY (set the same one on every process; keep it safe)."""
    click.echo(make_key())
