"""Subcommands of `outreach`, one module per group of commands."""

from __future__ import annotations

import click


def register_commands(group: click.Group) -> None:
    """Attach every subcommand to the `outreach` group."""
    from outreach.db import init_db_command
    from outreach.commands.blogs import blogs_group
    from outreach.commands.crawl import crawl_command, scheduler_command
    from outreach.commands.demo import demo_command
    from outreach.commands.niches import niche_group
    from outreach.commands.rank import index_command, rank_command, similar_command
    from outreach.commands.serve import serve_command
    from outreach.commands.tokens import tokens_group
    from outreach.commands.users import users_group

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
