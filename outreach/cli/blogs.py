"""`outreach blogs`: add, import, export, discover and review candidate blogs."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import select

from crawlers.add import AddBlogError, add_blog
from crawlers.candidates import discover_candidates
from crawlers.fetch import Fetcher
from crawlers.options import CrawlOptions
from outreach.cli.database import ROW_ID, cli_session, get_or_refuse
from outreach.core.blog_intake import IntakeError, import_rows, read_blog_list
from outreach.core.blog_lists import export_csv, export_opml
from outreach.core.candidates import (
    accept_candidate,
    best_fit,
    fit_for,
    read_again,
    reject_candidate,
    waiting_candidates,
    waiting_for_niche,
)
from outreach.core.exports import blog_list_rows
from outreach.core.models import BlogCandidate, Niche
from outreach.core.niches import get_niche, niche_spec
from outreach.jobs.discovery import index_or_none, read_candidates
from outreach.web.search import app_index_dir
from scoring import IndexMissing, current_index, rank_niche


@click.group("blogs")
def blogs_group() -> None:
    """Add, import, export and discover blogs."""


@blogs_group.command("add")
@click.argument("urls", nargs=-1, required=True)
@click.option("--tag", "tags", multiple=True, help="Tag the blogs (repeatable).")
@with_appcontext
def add_command(urls: tuple[str, ...], tags: tuple[str, ...]) -> None:
    """Add blogs by homepage or feed URL (the feed is found automatically)."""
    failures = 0
    with cli_session() as session, Fetcher(CrawlOptions.from_settings(current_app.config)) as fetcher:
        for url in urls:
            try:
                blog, created = add_blog(session, url, fetcher, tags=list(tags))
                session.commit()
            except AddBlogError as error:
                session.rollback()
                failures += 1
                click.echo(f"Error: {url}: {error}", err=True)
                continue
            state = "Added" if created else "Already known:"
            click.echo(f"{state} blog {blog.id}: {blog.title or blog.homepage_url} ({blog.feed_url})")
    if failures:
        raise SystemExit(1)


@blogs_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    """Import an OPML or CSV list; bad rows are reported with their line, good rows kept."""
    try:
        rows, problems, source = read_blog_list(file.name, file.read_bytes())
    except IntakeError as error:
        raise IntakeError(f"{file}: {error}") from None
    with cli_session() as session:
        report = import_rows(session, rows, problems, source=source)
        session.commit()
    for problem in report.duplicates + report.problems:
        click.echo(f"{file}: {problem}", err=True)
    click.echo(report.line() + (". New blogs are read on the next `outreach crawl`." if report.added else "."))


@blogs_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["opml", "csv"]), default="opml", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not to stdout.")
@with_appcontext
def export_command(fmt: str, output: Path | None) -> None:
    """Export every blog as OPML or CSV."""
    with cli_session() as session:
        blogs = blog_list_rows(session)
    data = export_opml(blogs) if fmt == "opml" else export_csv(blogs).encode()
    if output:
        output.write_bytes(data)
        click.echo(f"Wrote {len(blogs)} blogs to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)


@blogs_group.command("discover")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000),
              help="How many new candidates to propose at most.")
@click.option("--niche", "niche_name", default=None,
              help="Only from the blogs that rank best for this niche: their links are likelier on its subject.")
@click.option("--top", default=20, show_default=True, type=click.IntRange(1, 1000),
              help="With --niche: how many of its best-ranked blogs to read.")
@click.option("--read/--no-read", "read_feeds", default=True, show_default=True,
              help="Read the new candidates' feeds now: their newest posts and where they would rank "
                   "(else the scheduler's crawl reads them).")
@with_appcontext
def discover_command(limit: int, niche_name: str | None, top: int, read_feeds: bool) -> None:
    """Propose new blogs from the blogrolls and post links of known blogs."""
    with cli_session() as session, Fetcher(CrawlOptions.from_settings(current_app.config)) as fetcher:
        niche = get_niche(session, niche_name) if niche_name is not None else None
        sources = None
        if niche is not None:
            sources = best_ranked(session, niche, top)
            click.echo(f"Reading the links of the {len(sources)} blogs that rank best for {niche_name!r}.")
        found = discover_candidates(session, fetcher, limit, sources, niche.id if niche else None)
        session.commit()
        if read_feeds and found:
            click.echo(f"Reading the feeds of the {len(found)} new candidates.")
            read_candidates(session, fetcher, index_or_none(session, app_index_dir()), found,
                            settings=current_app.config)
            session.commit()
        names = dict(session.exec(select(Niche.id, Niche.name)).all())
        for candidate in found:
            click.echo(f"{candidate.id:>5}  {candidate.url}  ({candidate.found_how} on {candidate.found_on_url})"
                       f"{what_was_read(candidate, names, niche.id if niche else None)}")
    click.echo(f"{len(found)} new candidates. Review them with `outreach blogs candidates`.")


def what_was_read(candidate: BlogCandidate, names: dict[int, str], niche_id: int | None = None) -> str:
    """A candidate's fit for the niche (or the one it fits best) once its feed was read, in a few words."""
    preview = candidate.preview
    if preview is None:
        return ""
    if preview["error"]:
        return f"\n       could not be read: {preview['error']}"
    fit = fit_for(candidate, niche_id) if niche_id is not None else None
    best = (niche_id, fit) if fit else best_fit(candidate)
    if best is None:
        return f"\n       {len(preview['posts'])} recent posts read; not placed in any niche"
    best_id, fit = best
    terms = f", on {', '.join(fit['terms'])}" if fit["terms"] else ""
    return (f"\n       would rank #{fit['place']} of {fit['of']} for {names.get(best_id, 'a removed niche')}"
            f" (score {fit['score']:.0f}{terms})")


def best_ranked(session, niche, top: int) -> list[int]:
    """The ids of the blogs that rank best for the niche, best first; refused when none can be ranked."""
    try:
        ranking = rank_niche(current_index(session, app_index_dir()), niche_spec(session, niche), top=top)
    except IndexMissing:
        raise click.ClickException("no search index yet: run `outreach crawl` first") from None
    if not ranking.bloggers:
        raise click.ClickException(ranking.message or f"no blog ranks for the niche {niche.name!r} yet")
    return [row.blog_id for row in ranking.bloggers]


@blogs_group.group("candidates", invoke_without_command=True)
@click.option("--niche", "niche_name", default=None,
              help="Only those a discovery for this niche found, those that would rank best for it first.")
@click.pass_context
@with_appcontext
def candidates_group(context, niche_name: str | None) -> None:
    """List proposed candidate blogs (accept or reject them with the subcommands)."""
    if context.invoked_subcommand is not None:
        return
    with cli_session() as session:
        niche = get_niche(session, niche_name) if niche_name is not None else None
        rows = waiting_for_niche(session, niche.id) if niche else session.exec(waiting_candidates()).all()
        names = dict(session.exec(select(Niche.id, Niche.name)).all())
        for candidate in rows:
            click.echo(f"{candidate.id:>5}  linked from {candidate.times_seen}  {candidate.url}  "
                       f"({candidate.found_how} on {candidate.found_on_url})"
                       f"{what_was_read(candidate, names, niche.id if niche else None)}")
        if not rows:
            click.echo("No candidates waiting. Run `outreach blogs discover` to find some.")


@candidates_group.command("accept")
@click.argument("ids", nargs=-1, type=ROW_ID, required=True)
@with_appcontext
def accept_command(ids: tuple[int, ...]) -> None:
    """Add candidates as blogs (their feeds are found on the next crawl)."""
    with cli_session() as session:
        for candidate_id in ids:
            candidate = get_or_refuse(session, BlogCandidate, candidate_id, "candidate")
            blog = accept_candidate(session, candidate)
            session.commit()
            click.echo(f"Accepted {candidate.url} as blog {blog.id}.")


@candidates_group.command("reject")
@click.argument("ids", nargs=-1, type=ROW_ID, required=True)
@with_appcontext
def reject_command(ids: tuple[int, ...]) -> None:
    """Reject candidates; they are not proposed again."""
    with cli_session() as session:
        for candidate_id in ids:
            candidate = get_or_refuse(session, BlogCandidate, candidate_id, "candidate")
            reject_candidate(session, candidate)
        session.commit()
    click.echo(f"Rejected {len(ids)} candidates.")


@candidates_group.command("reread")
@click.argument("ids", nargs=-1, type=ROW_ID, required=True)
@with_appcontext
def reread_command(ids: tuple[int, ...]) -> None:
    """Have the next crawl read candidates' feeds again and place them in the niches as they are now."""
    with cli_session() as session:
        for candidate_id in ids:
            candidate = get_or_refuse(session, BlogCandidate, candidate_id, "candidate")
            if candidate.status != "proposed":
                raise click.ClickException(f"candidate {candidate_id} was already {candidate.status}")
            read_again(session, candidate)
        session.commit()
    click.echo(f"{len(ids)} candidates will be read again by the next crawl (or `outreach crawl`).")
