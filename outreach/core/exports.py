"""CSV exports: a campaign's pipeline, the blog directory and blog lists, every text cell
guarded against spreadsheet formula injection."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Iterable, Sequence

from sqlmodel import Session, select

from outreach.core.bloggers import blogger_labels, first_blogs
from outreach.core.custom_fields import all_fields, values_of
from outreach.core.models import (
    Blog,
    Blogger,
    BlogTag,
    ContactDetail,
    Fee,
    PipelineEntry,
    Pitch,
    Reply,
    Sample,
    Stage,
    User,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


PIPELINE_HEADER = [
    "entry_id", "blogger", "email", "blog", "homepage", "feed_url", "stage", "owner", "score",
    "last_contact", "next_follow_up", "pitches", "replies", "samples", "fees", "do_not_contact",
]
DIRECTORY_HEADER = [
    "blog_id", "title", "homepage", "feed_url", "blogger", "relationship", "do_not_contact",
    "last_post", "last_fetched", "errors", "last_error", "language",
]


def pipeline_rows(session: Session, campaign_id: int, stage_kind: str | None = None,
                  entry_ids: list[int] | None = None):
    """One row per entry of the campaign (or of these entries of it), in board order, each with its
    blogger's id."""
    statement = (
        select(PipelineEntry, Stage, Blogger, User.email)
        .join(Stage, Stage.id == PipelineEntry.stage_id)
        .join(Blogger, Blogger.id == PipelineEntry.blogger_id)
        .join(User, User.id == PipelineEntry.owner_id, isouter=True)
        .where(PipelineEntry.campaign_id == campaign_id)
        .order_by(Stage.position, PipelineEntry.score.desc(), PipelineEntry.id)
    )
    if stage_kind:
        statement = statement.where(Stage.kind == stage_kind)
    if entry_ids is not None:
        statement = statement.where(PipelineEntry.id.in_(entry_ids))
    rows = session.exec(statement).all()
    ids = [entry.id for entry, *_ in rows]
    pitches = Counter(session.exec(select(Pitch.entry_id).where(Pitch.entry_id.in_(ids))).all()) if ids else {}
    replies = Counter(session.exec(select(Reply.entry_id).where(Reply.entry_id.in_(ids))).all()) if ids else {}
    samples = Counter(session.exec(select(Sample.entry_id).where(Sample.entry_id.in_(ids))).all()) if ids else {}
    fees = committed_fees(session, ids)
    blogs = first_blogs(session, [blogger.id for _, _, blogger, _ in rows])
    labels = blogger_labels(session, [blogger.id for _, _, blogger, _ in rows])
    emails = first_emails(session, [blogger.id for _, _, blogger, _ in rows])
    for entry, stage, blogger, owner in rows:
        blog = blogs.get(blogger.id)
        yield [
            entry.id, labels[blogger.id][0], emails.get(blogger.id, ""), blog.title if blog else "", blog.homepage_url if blog else "",
            blog.feed_url if blog else "", stage.name, owner or "",
            "" if entry.score is None else round(entry.score, 1),
            entry.last_contact_at.isoformat() if entry.last_contact_at else "",
            entry.next_follow_up_on.isoformat() if entry.next_follow_up_on else "",
            pitches.get(entry.id, 0), replies.get(entry.id, 0), samples.get(entry.id, 0), fees.get(entry.id, ""),
            "yes" if blogger.do_not_contact else "",
        ], blogger.id


def pipeline_table(session: Session, campaign_id: int, stage_kind: str | None = None,
                   entry_ids: list[int] | None = None) -> tuple[list[str], list[list]]:
    """The pipeline's header and rows (pipeline_rows), with a column for each of the team's own fields."""
    return with_team_fields(session, PIPELINE_HEADER, pipeline_rows(session, campaign_id, stage_kind, entry_ids))


def committed_fees(session: Session, entry_ids: list[int]) -> dict[int, str]:
    """What each entry's fees (cancelled ones left out) come to, per currency: "400.00 EUR"."""
    sums: dict[int, dict[str, Decimal]] = defaultdict(dict)
    if entry_ids:
        for entry_id, currency, amount in session.exec(
                select(Fee.entry_id, Fee.currency, Fee.amount)
                .where(Fee.entry_id.in_(entry_ids), Fee.status != "cancelled")):
            sums[entry_id][currency] = sums[entry_id].get(currency, Decimal("0")) + amount
    return {entry_id: " + ".join(f"{amount:.2f} {currency}" for currency, amount in sorted(by_currency.items()))
            for entry_id, by_currency in sums.items()}


def first_emails(session: Session, blogger_ids: list[int]) -> dict[int, str]:
    """Each blogger's first email address (the one found or entered first)."""
    emails: dict[int, str] = {}
    if not blogger_ids:
        return emails
    for blogger_id, value in session.exec(
            select(ContactDetail.blogger_id, ContactDetail.value)
            .where(ContactDetail.kind == "email", ContactDetail.blogger_id.in_(blogger_ids)).order_by(ContactDetail.id)):
        emails.setdefault(blogger_id, value)
    return emails


def directory_table(session: Session, statement) -> tuple[list[str], list[list]]:
    """The directory's header and rows for a (Blog, Blogger) select(), e.g. the page's current
    filters, with a column for each of the team's own fields on bloggers."""
    return with_team_fields(session, DIRECTORY_HEADER, directory_rows(session, statement))


def with_team_fields(session: Session, header: list[str], rows) -> tuple[list[str], list[list]]:
    """A table's header and rows (each row given with its blogger's id, or None), with a column for
    each of the team's own fields on bloggers."""
    fields = all_fields(session)
    rows = list(rows)
    values = values_of(session, {blogger_id for _, blogger_id in rows if blogger_id is not None}) if fields else {}
    return header + [field.name for field in fields], [
        row + [values.get(blogger_id, {}).get(field.id, "") for field in fields] for row, blogger_id in rows]


def directory_rows(session: Session, statement):
    """Rows of the directory for a (Blog, Blogger) select(), each with its blogger's id."""
    for blog, blogger in session.exec(statement):
        yield [
            blog.id, blog.title, blog.homepage_url, blog.feed_url, blogger.name if blogger else "",
            blogger.relationship_status if blogger else "", "yes" if blogger and blogger.do_not_contact else "",
            blog.last_post_at.isoformat() if blog.last_post_at else "",
            blog.last_fetched_at.isoformat() if blog.last_fetched_at else "",
            blog.error_count, blog.last_error, blog.language or "",
        ], blogger.id if blogger else None


def blog_list_rows(session: Session) -> list[dict]:
    """Every blog as a blog list (OPML or CSV) writes it: title, feed, homepage, tags, blogger."""
    tags: dict[int, list[str]] = {}
    for blog_id, tag in session.exec(select(BlogTag.blog_id, BlogTag.tag).order_by(BlogTag.tag)):
        tags.setdefault(blog_id, []).append(tag)
    emails: dict[int, str] = {}
    for blogger_id, value in session.exec(select(ContactDetail.blogger_id, ContactDetail.value)
                                          .where(ContactDetail.kind == "email").order_by(ContactDetail.id)):
        emails.setdefault(blogger_id, value)
    rows = session.exec(select(Blog, Blogger.name).join(Blogger, Blogger.id == Blog.blogger_id, isouter=True)
                        .order_by(Blog.id)).all()
    return [{"title": blog.title, "feed_url": blog.feed_url, "homepage_url": blog.homepage_url,
             "tags": tags.get(blog.id, []), "name": name or "", "email": emails.get(blog.blogger_id, ""),
             "notes": blog.notes} for blog, name in rows]
