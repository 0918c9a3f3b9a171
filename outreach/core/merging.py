"""Merging duplicates: two entries of one blogger in a campaign, two bloggers, two blogs.
Everything that points at the one merged away is moved to the one kept; nothing is lost
silently (REFERENCES lists every reference handled, and a test holds it to the schema)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import delete, update
from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.channels import merge_bloggers as merge_bloggers_of_channels
from outreach.core.errors import Refused
from outreach.core.models import (
    Blog,
    BlogCandidate,
    Blogger,
    BlogTag,
    ContactDetail,
    Coverage,
    Deliverable,
    Fee,
    Mention,
    NicheSeed,
    Note,
    OutboxMessage,
    PipelineEntry,
    Pitch,
    Post,
    Reply,
    Sample,
    StageChange,
    User,
)
from outreach.core.niche_fits import move_fits
from outreach.core.search_index import record_blog_removal

# Every (table, column) that points at a blog, a blogger, a post or an entry, and what a merge
# does with it. tests/core/test_merging.py fails when the schema gains one not listed here.
REFERENCES = {
    ("post", "blog_id"): "moved", ("blog_tag", "blog_id"): "moved", ("mention", "blog_id"): "moved",
    ("blog_candidate", "found_on_blog_id"): "moved", ("blog", "blogger_id"): "moved",
    ("niche_fit", "blog_id"): "moved unless the kept blog has a verdict for the same niche",
    ("contact_detail", "blogger_id"): "moved unless the kept blogger has the same",
    ("custom_value", "blogger_id"): "moved unless the kept blogger has a value of the same field",
    ("note", "blogger_id"): "moved", ("pipeline_entry", "blogger_id"): "moved, or merged in the same campaign",
    ("mention", "blogger_id"): "moved", ("webhook_delivery", "blogger_id"): "moved",
    ("coverage", "post_id"): "moved to the kept copy of a duplicate post",
    ("niche_seed", "post_id"): "moved to the kept copy of a duplicate post",
    ("mention", "post_id"): "dropped with a duplicate post when the kept copy has the same monitor's mention",
    ("coverage", "entry_id"): "moved unless the kept entry has the same post", ("note", "entry_id"): "moved",
    ("pitch", "entry_id"): "moved", ("reply", "entry_id"): "moved", ("sample", "entry_id"): "moved", ("fee", "entry_id"): "moved",
    ("deliverable", "entry_id"): "moved",
    ("stage_change", "entry_id"): "moved", ("outbox_message", "entry_id"): "moved",
}


class MergeError(Refused):
    """A merge that cannot be done; the message says why."""


def repoint(session: Session, model, column: str, old: int, new: int) -> int:
    """Point every row of `model` whose `column` is `old` at `new`; how many rows moved."""
    attribute = getattr(model, column)
    result = session.execute(update(model).where(attribute == old).values({column: new})
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0


def merge_entries(session: Session, user: User, loser: PipelineEntry, keeper: PipelineEntry) -> None:
    """Fold one entry into another of the same blogger's (a duplicate in one campaign): its
    pitches, replies, samples, fees, notes, coverage, queued emails and history move; the kept card keeps its stage."""
    kept_posts = set(session.exec(select(Coverage.post_id).where(Coverage.entry_id == keeper.id,
                                                                 Coverage.post_id.is_not(None))))
    session.execute(delete(Coverage).where(Coverage.entry_id == loser.id, Coverage.post_id.in_(kept_posts))
                    .execution_options(synchronize_session=False))
    for model in (Pitch, Reply, Sample, Fee, Deliverable, Note, Coverage, StageChange, OutboxMessage):
        repoint(session, model, "entry_id", loser.id, keeper.id)
    dates = [day for day in (keeper.next_follow_up_on, loser.next_follow_up_on) if day is not None]
    contacts = [moment for moment in (keeper.last_contact_at, loser.last_contact_at) if moment is not None]
    keeper.next_follow_up_on = min(dates) if dates else None
    keeper.last_contact_at = max(contacts) if contacts else None
    keeper.owner_id = keeper.owner_id or loser.owner_id
    keeper.score = max((score for score in (keeper.score, loser.score) if score is not None), default=None)
    session.add(keeper)
    audit.record(session, user, "merged_entry", "pipeline_entry", keeper.id, merged=loser.id)
    session.delete(loser)
    session.flush()


def merge_bloggers(session: Session, user: User, loser: Blogger, keeper: Blogger) -> Counter:
    """Fold one blogger into another: their entries in a campaign both are in merge first, then
    channels.merge_bloggers moves the rest (blogs, contacts, notes, mentions, other entries)
    and keeps a do-not-contact listing; returns what moved."""
    moved: Counter = Counter()
    kept = {entry.campaign_id: entry for entry in session.exec(
        select(PipelineEntry).where(PipelineEntry.blogger_id == keeper.id))}
    for entry in session.exec(select(PipelineEntry).where(PipelineEntry.blogger_id == loser.id)).all():
        if entry.campaign_id in kept:
            merge_entries(session, user, entry, kept[entry.campaign_id])
            moved["entries merged"] += 1
        else:
            moved["entries"] += 1
    for label, model in (("contacts", ContactDetail), ("notes", Note), ("blogs", Blog)):
        moved[label] = len(session.exec(select(model.id).where(model.blogger_id == loser.id)).all())
    try:
        merge_bloggers_of_channels(session, keeper.id, loser.id, user, "merged with a duplicate blog")
    except Refused as error:
        raise MergeError(str(error)) from None
    return moved


def merge_blogs(session: Session, user: User, loser: Blog, keeper: Blog) -> Counter:
    """Fold blog `loser` into `keeper` (e.g. the crawler's "same feed as blog N"): its posts,
    tags and mentions move, and its blogger's contacts, entries, notes, pitches and samples
    when that blogger has no other blog. The caller commits."""
    if loser.id == keeper.id:
        raise MergeError("Choose another blog to merge into.")
    moved = Counter(move_posts(session, loser.id, keeper.id))
    kept_tags = set(session.exec(select(BlogTag.tag).where(BlogTag.blog_id == keeper.id)))
    for tag in session.exec(select(BlogTag).where(BlogTag.blog_id == loser.id)).all():
        session.delete(tag)
        if tag.tag not in kept_tags:
            session.add(BlogTag(blog_id=keeper.id, tag=tag.tag))
            moved["tags"] += 1
    repoint(session, BlogCandidate, "found_on_blog_id", loser.id, keeper.id)
    moved["mentions"] += repoint(session, Mention, "blog_id", loser.id, keeper.id)
    moved["verdicts"] += move_fits(session, "blog_id", loser.id, keeper.id)
    loser_blogger = session.get(Blogger, loser.blogger_id) if loser.blogger_id else None
    if loser_blogger is not None and keeper.blogger_id is None:
        keeper.blogger_id = loser_blogger.id
    elif loser_blogger is not None and loser_blogger.id != keeper.blogger_id:
        others = session.exec(select(Blog.id).where(Blog.blogger_id == loser_blogger.id, Blog.id != loser.id)).all()
        if not others:  # the blogger was this blog alone: they are the kept blog's blogger too
            loser.blogger_id = None
            session.add(loser)
            session.flush()
            moved.update(merge_bloggers(session, user, loser_blogger, session.get(Blogger, keeper.blogger_id)))
    if loser.last_post_at and (keeper.last_post_at is None or loser.last_post_at > keeper.last_post_at):
        keeper.last_post_at = loser.last_post_at
    session.add(keeper)
    audit.record(session, user, "merged_blog", "blog", keeper.id, merged=loser.id,
                 merged_url=loser.feed_url, **{key: value for key, value in moved.items() if value})
    session.delete(loser)
    record_blog_removal(session, 1)
    session.flush()
    return moved


def move_posts(session: Session, loser_id: int, keeper_id: int) -> dict[str, int]:
    """The loser's posts become the keeper's; a post both have (same key) is kept once, with
    what pointed at the loser's copy pointed at the kept one."""
    kept = dict(session.exec(select(Post.key, Post.id).where(Post.blog_id == keeper_id)).all())
    duplicates = {post_id: kept[key] for post_id, key in session.exec(
        select(Post.id, Post.key).where(Post.blog_id == loser_id)) if key in kept}
    for old, new in duplicates.items():
        repoint(session, Coverage, "post_id", old, new)
        repoint(session, NicheSeed, "post_id", old, new)
        monitors = set(session.exec(select(Mention.monitor_id).where(Mention.post_id == new)))
        session.execute(update(Mention).where(Mention.post_id == old, Mention.monitor_id.not_in(monitors))
                        .values(post_id=new, blog_id=keeper_id).execution_options(synchronize_session=False))
    if duplicates:
        session.execute(delete(Post).where(Post.id.in_(list(duplicates))).execution_options(synchronize_session=False))
    moved = repoint(session, Post, "blog_id", loser_id, keeper_id)
    return {"posts": moved, "duplicate posts": len(duplicates)}
