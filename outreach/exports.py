"""Row builders for the CSV exports: a campaign's pipeline and the blog directory."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, select

from outreach.campaigns.queries import blogger_labels
from outreach.models import Blog, Blogger, PipelineEntry, Pitch, Reply, Sample, Stage, User

PIPELINE_HEADER = [
    "entry_id", "blogger", "blog", "homepage", "feed_url", "stage", "owner", "score",
    "last_contact", "next_follow_up", "pitches", "replies", "samples", "do_not_contact",
]
DIRECTORY_HEADER = [
    "blog_id", "title", "homepage", "feed_url", "blogger", "relationship", "do_not_contact",
    "last_post", "last_fetched", "errors", "last_error",
]


def pipeline_rows(session: Session, campaign_id: int, stage_kind: str | None = None):
    """One row per entry of the campaign, in board order."""
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
    rows = session.exec(statement).all()
    ids = [entry.id for entry, *_ in rows]
    pitches = Counter(session.exec(select(Pitch.entry_id).where(Pitch.entry_id.in_(ids))).all()) if ids else {}
    replies = Counter(session.exec(select(Reply.entry_id).where(Reply.entry_id.in_(ids))).all()) if ids else {}
    samples = Counter(session.exec(select(Sample.entry_id).where(Sample.entry_id.in_(ids))).all()) if ids else {}
    blogs = first_blogs(session, [blogger.id for _, _, blogger, _ in rows])
    labels = blogger_labels(session, [blogger.id for _, _, blogger, _ in rows])
    for entry, stage, blogger, owner in rows:
        blog = blogs.get(blogger.id)
        yield [
            entry.id, labels[blogger.id][0], blog.title if blog else "", blog.homepage_url if blog else "",
            blog.feed_url if blog else "", stage.name, owner or "",
            "" if entry.score is None else round(entry.score, 1),
            entry.last_contact_at.isoformat() if entry.last_contact_at else "",
            entry.next_follow_up_on.isoformat() if entry.next_follow_up_on else "",
            pitches.get(entry.id, 0), replies.get(entry.id, 0), samples.get(entry.id, 0),
            "yes" if blogger.do_not_contact else "",
        ]


def first_blogs(session: Session, blogger_ids: list[int]) -> dict[int, Blog]:
    """Each blogger's first blog (the one added first)."""
    blogs: dict[int, Blog] = {}
    if not blogger_ids:
        return blogs
    for blog in session.exec(select(Blog).where(Blog.blogger_id.in_(blogger_ids)).order_by(Blog.id)):
        blogs.setdefault(blog.blogger_id, blog)
    return blogs


def directory_rows(session: Session, statement):
    """Rows of the directory for a (Blog, Blogger) select(), e.g. the page's current filters."""
    for blog, blogger in session.exec(statement):
        yield [
            blog.id, blog.title, blog.homepage_url, blog.feed_url, blogger.name if blogger else "",
            blogger.relationship_status if blogger else "", "yes" if blogger and blogger.do_not_contact else "",
            blog.last_post_at.isoformat() if blog.last_post_at else "",
            blog.last_fetched_at.isoformat() if blog.last_fetched_at else "",
            blog.error_count, blog.last_error,
        ]
