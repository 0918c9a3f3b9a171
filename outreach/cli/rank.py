"""`outreach rank`, `outreach similar` and `outreach index`: rankings from the saved index."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext
from sqlmodel import Session

from outreach.cli.database import ROW_ID, cli_session, get_or_refuse
from outreach.core.languages import blogs_writing_in, language_code, language_name, with_languages
from outreach.core.models import Blog
from outreach.core.niche_fits import FIT_LABELS
from outreach.core.niches import get_niche, niche_spec
from outreach.core.vocabulary import brief_reading
from outreach.web.search import app_index_dir
from scoring import IndexMissing, Ranking, current_index, rank_niche, refresh_index, similar_bloggers


def _ensure_index(session: Session) -> None:
    """Build the index on first use; later refreshes come after crawls, never per query."""
    try:
        current_index(session, app_index_dir())
    except IndexMissing:
        click.echo("No index yet: building it now (`outreach index` refreshes it).", err=True)
        click.echo(refresh_index(session, app_index_dir(), rebuild=True).summary(), err=True)


@click.command("rank")
@click.argument("name")
@click.option("--top", default=20, show_default=True, type=click.IntRange(1, None),
              help="How many bloggers to show.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, best first.")
@click.option("--language", default="", metavar="CODE",
              help="Only the blogs writing in this language (an ISO 639 code: de, fr), scored as among all.")
@with_appcontext
def rank_command(name: str, top: int, as_json: bool, language: str) -> None:
    """Rank bloggers for the niche NAME, with the evidence for every rank."""
    code = language_code(language.strip().lower())
    if language.strip() and not code:
        raise click.BadParameter(f"{language[:40]!r} is not a language code: write it as two or three letters, "
                                 "such as de or fr.", param_hint="--language")
    with cli_session() as session:
        _ensure_index(session)
        niche = get_niche(session, name)
        spec = niche_spec(session, niche)
        within = blogs_writing_in(session, code) if code else None
        ranking = rank_niche(current_index(session, app_index_dir()), spec, top=top, within=within)
        if ranking.matched_nothing:
            ranking.message = with_languages(session, ranking.message)
    if within is not None and not ranking.bloggers and not ranking.message:
        ranking.message = f"No blog writing in {language_name(code)} ranks for niche {name.strip()!r}."
    _print(ranking, as_json, f"for niche {name.strip()!r}", spec.fits)
    if ranking.bloggers and not as_json:  # a script reading the JSON gets nothing else, on either stream
        for sentence in brief_reading(spec.brief, ranking.unknown_words, ranking.read_apart):
            click.echo(sentence)


@click.command("similar")
@click.argument("blog_id", type=ROW_ID)
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, None),
              help="How many bloggers to show.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, most similar first.")
@with_appcontext
def similar_command(blog_id: int, top: int, as_json: bool) -> None:
    """Bloggers like the blog BLOG_ID: ranked by how alike their recent writing is."""
    with cli_session() as session:
        get_or_refuse(session, Blog, blog_id, "blog")
        _ensure_index(session)
        ranking = similar_bloggers(current_index(session, app_index_dir()), blog_id, top=top)
    _print(ranking, as_json, f"like blog {blog_id}")


@click.command("index")
@click.option("--rebuild", is_flag=True, help="Refit from scratch instead of updating.")
@with_appcontext
def index_command(rebuild: bool) -> None:
    """Update the search index from the database (crawls and the scheduler do this too)."""
    with cli_session() as session:
        report = refresh_index(session, app_index_dir(), rebuild=rebuild)
    click.echo(report.summary())


def _print(ranking: Ranking, as_json: bool, what: str, fits: dict[int, bool] | None = None) -> None:
    """The ranking as a table or JSON; with a niche's marks (`fits`), each blog's mark too."""
    if ranking.message:
        click.echo(ranking.message, err=True)
    if as_json:
        marked = (lambda b: {"fit": fits.get(b.blog_id)}) if fits is not None else (lambda b: {})
        click.echo(json.dumps([{**b.to_dict(), **marked(b)} for b in ranking.bloggers], indent=2, ensure_ascii=False))
        return
    if not ranking.bloggers:
        if not ranking.message:
            click.echo(f"No blogger to show {what}.")
        return
    click.echo(f"{'#':>3}  {'score':>5}  {'blogger':<28} {'on topic':>9}  {'last post':<10} "
               f"{'posts/mo':>8} {'comm/post':>9} {'sponsored':>9}  id")
    for position, blogger in enumerate(ranking.bloggers, start=1):
        e = blogger.evidence
        last = (e.last_post_at or "-")[:10] + ("*" if e.dormant else " ")
        comments = "-" if e.comments_per_post is None else f"{e.comments_per_post:.1f}"
        on_topic = f"{e.on_topic_posts}/{e.recent_posts}" if e.best_posts or e.on_topic_posts else "-"
        click.echo(f"{position:>3}  {blogger.score:>5.1f}  {_cut(blogger.name, 28):<28} {on_topic:>9}  "
                   f"{last:<11}{e.posts_per_month:>7.1f} {comments:>9} {e.sponsored_share:>9.0%}  {blogger.blog_id}")
        terms = ", ".join(f"{t['term']} {t['weight']:.0%}" for t in e.matched_terms[:5])
        if terms:
            click.echo(f"{'':13}terms: {terms}")
        for post in e.best_posts[:1]:
            click.echo(f"{'':13}best:  {_cut(post.title or post.url, 60)} ({post.date[:10]}, {post.similarity:.2f})")
        if e.excluded_terms:
            click.echo(f"{'':13}excluded: " + ", ".join(f"{k} ({v})" for k, v in e.excluded_terms.items()))
        if fits and blogger.blog_id in fits:
            click.echo(f"{'':13}marked {FIT_LABELS[fits[blogger.blog_id]]}")
    if any(b.evidence.dormant for b in ranking.bloggers):
        click.echo("* dormant: no post for over 90 days (ranked down, not hidden)")
    footer = f"{ranking.ranked} blogs ranked {what}"
    if ranking.without_posts:
        footer += f"; {ranking.without_posts} without posts yet were not ranked"
    click.echo(footer + ".")


def _cut(text: str, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"
