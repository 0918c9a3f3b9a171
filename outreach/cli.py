"""The `outreach` console command: a Flask CLI group with the project's subcommands."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from outreach import create_app


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
@click.version_option(package_name="outreach")
def cli() -> None:
    """Outreach: find the bloggers who write about your niche, then run the relationship.

    Settings come from OUTREACH_* environment variables (see the README).
    """
