"""The `outreach` console command: a Flask CLI group with the project's subcommands."""

from __future__ import annotations

import functools

import click
from flask.cli import FlaskGroup

from outreach.core.db import DatabaseError
from outreach.core.errors import Refused


def create_app_for_cli():
    from outreach import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=create_app_for_cli, add_version_option=False)
@click.version_option(package_name="outreach")
def cli() -> None:
    """Outreach: find the bloggers who write about your niche, then run the relationship.

    Settings come from OUTREACH_* environment variables (see the README).
    """


def register_commands(group: click.Group) -> None:
    """Attach every subcommand to a group: `outreach`, or a Flask app's own `app.cli`."""
    for command in commands():
        group.add_command(command)


@functools.cache
def commands() -> tuple[click.Command, ...]:
    """Every subcommand, each ending on a refusal or an unusable database with one line."""
    from outreach.cli.bloggers import bloggers_group
    from outreach.cli.blogs import blogs_group
    from outreach.cli.crawl import crawl_command, scheduler_command
    from outreach.cli.database import init_db_command
    from outreach.cli.demo import demo_command
    from outreach.cli.mail import mail_group
    from outreach.cli.niches import niche_group
    from outreach.cli.rank import index_command, rank_command, similar_command
    from outreach.cli.serve import serve_command
    from outreach.cli.tokens import tokens_group
    from outreach.cli.users import users_group

    every = (init_db_command, users_group, blogs_group, bloggers_group, crawl_command, scheduler_command, demo_command,
             serve_command, tokens_group, niche_group, rank_command, similar_command, index_command, mail_group)
    for command in every:
        report_refusals(command)
    return every


def report_refusals(command: click.Command) -> None:
    """Make a refusal or a DatabaseError end the command as click ends it on a usage error:
    'Error: ...' and exit status 1, with nothing half done."""
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            report_refusals(subcommand)
    callback = command.callback
    if callback is None:
        return

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except (DatabaseError, Refused) as error:
            raise click.ClickException(str(error)) from None

    command.callback = run


register_commands(cli)
