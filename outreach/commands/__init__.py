"""Subcommands of `outreach`, one module per group of commands."""

from __future__ import annotations

import click


def register_commands(group: click.Group) -> None:
    """Attach every subcommand to the `outreach` group."""
    from ..db import init_db_command
    from .serve import serve_command
    from .users import users_group

    group.add_command(init_db_command)
    group.add_command(users_group)
    group.add_command(serve_command)
