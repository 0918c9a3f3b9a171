"""Subcommands of `outreach`, one module per group of commands."""

from __future__ import annotations

import click


def register_commands(group: click.Group) -> None:
    """Attach every subcommand to the `outreach` group."""
    from ..db import init_db_command
    from .blogs import blogs_group
    from .crawl import crawl_command, scheduler_command
    from .demo import demo_command
    from .niches import niche_group
    from .rank import index_command, rank_command, similar_command
    from .serve import serve_command
    from .tokens import tokens_group
    from .users import users_group

    group.add_command(init_db_command)
    group.add_command(users_group)
    group.add_command(blogs_group)
    group.add_command(crawl_command)
    group.add_command(scheduler_command)
    group.add_command(demo_command)
    group.add_command(serve_command)
    group.add_command(tokens_group)
    group.add_command(niche_group)
    group.add_command(rank_command)
    group.add_command(similar_command)
    group.add_command(index_command)
