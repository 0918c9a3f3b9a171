"""`outreach niche`: describe what a brand wants bloggers to write about."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlmodel import Session

from outreach.cli.database import ROW_ID, cli_session
from outreach.core.languages import niche_warning
from outreach.core.niche_fits import FIT_LABELS, VERDICTS, fit_rows, mark_fits
from outreach.core.niches import (
    MAX_DISCOVERY_INTERVAL,
    create_niche,
    delete_niche,
    format_keywords,
    get_niche,
    list_niches,
    niche_seeds,
    niche_spec,
    parse_keywords,
    seed_state,
    update_niche,
)
from outreach.core.terms import split_terms
from outreach.web.search import app_index_dir
from scoring import IndexMissing, current_index, unmatched_reason


@click.group("niche")
def niche_group() -> None:
    """Add, edit, list, show and remove niches."""


# The same option on `niche add` and `niche edit`.
discover_every_option = click.option(
    "--discover-every", "discover_every", type=click.IntRange(0, MAX_DISCOVERY_INTERVAL), default=None,
    help="Look for new blogs for the niche every this many days, and tell its creator of those that would rank "
         "in its top 10 (0: only when asked).")


@niche_group.command("add")
@click.argument("name")
@click.option("--brief", required=True, help="A few words or sentences describing the niche.")
@click.option("--keywords", default="", help="Comma-separated terms, each optionally weighted: "
              "'trail running:2,shoes'.")
@click.option("--exclude", default="", help="Comma-separated terms that push a blogger down.")
@click.option("--seed-url", "seed_urls", multiple=True, help="URL of an on-topic example: a post, a blog "
              "(its newest posts) or any page, read by the next crawl (repeatable).")
@click.option("--seed-text", "seed_texts", multiple=True, help="Pasted text of an on-topic example "
              "(repeatable).")
@discover_every_option
@with_appcontext
def add_niche_command(name, brief, keywords, exclude, seed_urls, seed_texts, discover_every) -> None:
    """Add a niche."""
    with cli_session() as session:
        niche = create_niche(session, name, brief, parse_keywords(keywords), split_terms(exclude),
                             seed_urls, seed_texts, discover_every_days=discover_every or 0)
        session.commit()
        click.echo(f"Added niche {niche.name!r} (id {niche.id}). Rank it with: outreach rank {_quoted(niche.name)}")
        _warn_unfetched(session, niche.id)
        _warn_unmatched(session, niche)


@niche_group.command("edit")
@click.argument("name")
@click.option("--name", "new_name", default=None, help="A new name.")
@click.option("--brief", default=None, help="A new brief.")
@click.option("--keywords", default=None, help="Replace the keywords ('' clears them).")
@click.option("--exclude", default=None, help="Replace the exclusions ('' clears them).")
@click.option("--add-seed-url", "seed_urls", multiple=True, help="Add a seed URL (repeatable).")
@click.option("--add-seed-text", "seed_texts", multiple=True, help="Add a seed text (repeatable).")
@click.option("--remove-seed", "remove_seeds", multiple=True, type=ROW_ID,
              help="Remove a seed by the id `outreach niche show` prints (repeatable).")
@discover_every_option
@with_appcontext
def edit_niche_command(name, new_name, brief, keywords, exclude, seed_urls, seed_texts, remove_seeds,
                       discover_every) -> None:
    """Change a niche: only the options given change."""
    with cli_session() as session:
        niche = update_niche(
            session, name, new_name=new_name, brief=brief,
            keywords=None if keywords is None else parse_keywords(keywords),
            exclusions=None if exclude is None else split_terms(exclude),
            add_seed_urls=seed_urls, add_seed_texts=seed_texts, remove_seed_ids=remove_seeds,
            discover_every_days=discover_every,
        )
        session.commit()
        click.echo(f"Updated niche {niche.name!r}.")
        _warn_unfetched(session, niche.id)
        _warn_unmatched(session, niche)


@niche_group.command("list")
@with_appcontext
def list_niches_command() -> None:
    """List every niche with its brief."""
    with cli_session() as session:
        niches = list_niches(session)
        if not niches:
            click.echo("No niches yet: add one with `outreach niche add NAME --brief TEXT`.")
        for niche in niches:
            brief = niche.brief if len(niche.brief) <= 70 else niche.brief[:69] + "…"
            click.echo(f"{niche.id:>5}  {niche.name:<24} {brief}")


@niche_group.command("show")
@click.argument("name")
@with_appcontext
def show_niche_command(name) -> None:
    """Show a niche: brief, keywords, exclusions and seeds."""
    with cli_session() as session:
        niche = get_niche(session, name)
        keywords = format_keywords(niche.keywords)
        click.echo(f"Niche:      {niche.name} (id {niche.id})")
        click.echo(f"Brief:      {niche.brief}")
        click.echo(f"Keywords:   {keywords or '-'}")
        click.echo(f"Exclusions: {', '.join(niche.exclusions) or '-'}")
        click.echo(f"New blogs:  {discovery_schedule(niche)}")
        seeds = niche_seeds(session, niche.id)
        click.echo(f"Seeds:      {len(seeds) or '-'}")
        for seed in seeds:
            if seed.url:
                click.echo(f"  [{seed.id}] {seed.url} ({seed_state(seed)})")
            else:
                text = " ".join(seed.text.split())
                click.echo(f"  [{seed.id}] text: {text[:70]}{'…' if len(text) > 70 else ''}")
        fits = fit_rows(session, niche.id)
        click.echo(f"Marked:     {len(fits) or '-'}")
        for fit, blog in fits:
            click.echo(f"  blog {blog.id} {blog.title or blog.feed_url} ({FIT_LABELS[fit.fit]})")


@niche_group.command("fit")
@click.argument("name")
@click.argument("blog_ids", nargs=-1, type=ROW_ID, required=True)
@click.option("--good", "verdict", flag_value="good", help="Mark the blogs a good fit: the ranking leans toward "
              "what they write.")
@click.option("--not-a-fit", "verdict", flag_value="poor", help="Mark the blogs not a fit: the pages hide them, "
              "and the ranking leans away from what they write.")
@click.option("--clear", "verdict", flag_value="clear", help="Clear the blogs' marks.")
@with_appcontext
def fit_command(name, blog_ids, verdict) -> None:
    """Mark blogs (by id, as `outreach rank` lists them) a good fit or not a fit for a niche."""
    if verdict is None:
        raise click.UsageError("say --good, --not-a-fit or --clear")
    with cli_session() as session:
        niche = get_niche(session, name)
        count = mark_fits(session, None, niche, list(blog_ids), VERDICTS[verdict])
        session.commit()
        what = "cleared" if VERDICTS[verdict] is None else f"marked {FIT_LABELS[VERDICTS[verdict]]}"
        click.echo(f"{count} blog{'s' if count != 1 else ''} {what} for {niche.name!r}.")


def discovery_schedule(niche) -> str:
    """When discovery for the niche runs on its own, in a few words."""
    if not niche.discover_every_days:
        return "looked for when asked"
    last = f", last {niche.discovered_at:%Y-%m-%d %H:%M} UTC" if niche.discovered_at else ""
    return f"looked for every {niche.discover_every_days} days{last}"


@niche_group.command("remove")
@click.argument("name")
@with_appcontext
def remove_niche_command(name) -> None:
    """Remove a niche and its seeds."""
    with cli_session() as session:
        delete_niche(session, name)
        session.commit()
        click.echo(f"Removed niche {name.strip()!r}.")


def _warn_unfetched(session: Session, niche_id: int) -> None:
    waiting = [seed.url for seed in niche_seeds(session, niche_id)
               if seed.url and not seed.text and seed.post_id is None and seed.fetched_at is None]
    for url in waiting:
        click.echo(f"Note: seed {url} is not a post or blog we hold; it counts once the next crawl reads it.",
                   err=True)


def _warn_unmatched(session: Session, niche) -> None:
    """Say at once when no indexed post uses the niche's words (a typo), or the brief is in a
    language no blog writes in."""
    try:
        reason = unmatched_reason(current_index(session, app_index_dir()), niche_spec(session, niche))
    except IndexMissing:
        reason = ""
    warning = niche_warning(session, reason, niche.brief)
    if warning:
        click.echo(f"Note: {warning}", err=True)


def _quoted(name: str) -> str:
    return name if name.replace("-", "").replace("_", "").isalnum() else f"'{name}'"
