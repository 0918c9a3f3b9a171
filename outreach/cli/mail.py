"""`outreach mail`: the key that encrypts connected mailboxes' passwords, and a check of every
connected mailbox, for a cron job or a monitor."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import select

from outreach.cli.database import ROW_ID, cli_session
from outreach.core.errors import Refused
from outreach.core.mail.mailboxes import CONNECTED, check_connection
from outreach.core.mail.secrets import make_key
from outreach.core.models import Mailbox


@click.group("mail")
def mail_group() -> None:
    """Connected mailboxes."""


@mail_group.command("make-key")
def make_key_command() -> None:
    """Print a new key for OUTREACH_MAIL_KEY (set the same one on every process; keep it safe)."""
    click.echo(make_key())


@mail_group.command("check")
@click.option("--mailbox", "mailbox_ids", type=ROW_ID, multiple=True, help="Only this mailbox (by its number).")
@with_appcontext
def check_command(mailbox_ids: tuple[int, ...]) -> None:
    """Log in to each connected mailbox's SMTP and IMAP servers and say what failed; exits with 1 when
    anything did, so that a cron job or a monitor notices."""
    failed = False
    with cli_session() as session:
        query = select(Mailbox).where(CONNECTED).order_by(Mailbox.id)
        if mailbox_ids:
            query = query.where(Mailbox.id.in_(mailbox_ids))
        boxes = session.exec(query).all()
        if not boxes:
            raise click.ClickException("No connected mailbox" + (" with that number." if mailbox_ids else "."))
        for mailbox in boxes:
            try:
                results = check_connection(session, mailbox, current_app.config)
            except Refused as error:  # no mail key, or another one
                results = [("SMTP", False, str(error))]
            for server, worked, message in results:
                unset = server == "IMAP" and not mailbox.imap_host  # a mailbox that reads no replies
                failed |= not (worked or unset)
                click.echo(f"{mailbox.id:>4}  {mailbox.email_address}  {server}: "
                           f"{'ok' if worked else 'not set' if unset else 'FAILED'}  {message}")
        session.commit()
    if failed:
        raise SystemExit(1)
