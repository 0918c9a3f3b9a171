"""Bulk actions: one action on many cards or blogs at once, done item by item through the
same rules as a single change (each audited), each item in its own savepoint so that a
refused one is reported with its reason and the others still happen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.access import can_work_campaign
from outreach.core.bloggers import blogger_labels
from outreach.core.campaigns import refuse_if_archived
from outreach.core.do_not_contact import mark_do_not_contact
from outreach.core.errors import Refused
from outreach.core.models import Blog, Blogger, Campaign, PipelineEntry, Stage, User
from outreach.core.pipeline import add_blogger_to_campaign, blogger_of_blog, move_card, set_follow_up
from outreach.core.stages import StaleEntryError, refuse_if_do_not_contact

# Items one request may name: a board's whole column, a ranking's longest page (500).
BULK_LIMIT = 500
ENTRY_ACTIONS = ("move", "set_owner", "set_follow_up", "add_to_campaign", "do_not_contact")
BLOG_ACTIONS = ("add_to_campaign", "do_not_contact")
ACTION_LABELS = {
    "move": "Moved", "set_owner": "Owner set on", "set_follow_up": "Follow-up set on",
    "add_to_campaign": "Added to the campaign:", "do_not_contact": "Put on the do-not-contact list:",
    "email": "Queued an email to",
}


class BulkRefused(Refused):
    """The whole bulk request cannot be done (too many items, no action, a bad parameter)."""


@dataclass(frozen=True)
class Refusal:
    """One item not done, and why, in a sentence naming the item."""

    item_id: int
    message: str


@dataclass
class BulkResult:
    """What a bulk action did: the ids done and each refusal."""

    action: str
    done: list[int] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def summary(self) -> str:
        count = len(self.done)
        noun = "item" if count == 1 else "items"
        refused = f"; {len(self.refused)} refused" if self.refused else ""
        return f"{ACTION_LABELS[self.action]} {count} {noun}{refused}."


@dataclass(frozen=True)
class BulkAction:
    """An action and its parameter: the stage, owner, date, campaign or reason it needs."""

    kind: str
    stage: Stage | None = None
    owner_id: int | None = None
    follow_up_on: date | None = None
    campaign: Campaign | None = None
    reason: str = ""
    scores: dict[int, float] = field(default_factory=dict)  # blog id -> score, for add_to_campaign


def check_request(user: User, session: Session, count: int, action: BulkAction, allowed: tuple[str, ...]) -> None:
    """Refuse the whole request when it could not be done for any item."""
    if action.kind not in allowed:
        raise BulkRefused(f"Choose an action: one of {', '.join(allowed)}.")
    if count == 0:
        raise BulkRefused("Select at least one item.")
    if count > BULK_LIMIT:
        raise BulkRefused(f"Select at most {BULK_LIMIT} items at once (you selected {count}).")
    if action.kind == "move" and action.stage is None:
        raise BulkRefused("Choose the stage to move the cards to.")
    if action.kind == "add_to_campaign":
        if action.campaign is None:
            raise BulkRefused("Choose the campaign to add them to.")
        if not can_work_campaign(session, user, action.campaign.id):
            raise BulkRefused(f"You are not a member of {action.campaign.name!r}.")
        refuse_if_archived(action.campaign)


def bulk_entries(session: Session, user: User, campaign: Campaign, versions: dict[int, int | None],
                 action: BulkAction) -> BulkResult:
    """Do the action on these cards of one campaign (entry id -> the version the person saw,
    or None); the caller commits."""
    check_request(user, session, len(versions), action, ENTRY_ACTIONS)
    refuse_if_archived(campaign)
    if action.stage is not None and action.stage.campaign_id != campaign.id:
        raise BulkRefused("That stage belongs to another campaign.")
    entries = {entry.id: entry for entry in session.exec(
        select(PipelineEntry).where(PipelineEntry.id.in_(list(versions)))).all()}
    labels = blogger_labels(session, [entry.blogger_id for entry in entries.values()])
    result = BulkResult(action.kind)
    for entry_id, version in versions.items():
        entry = entries.get(entry_id)
        if entry is None or entry.campaign_id != campaign.id:
            result.refused.append(Refusal(entry_id, f"Card {entry_id}: not in this campaign."))
            continue
        try:
            with session.begin_nested():
                if version is not None and version != entry.version:
                    raise StaleEntryError()
                apply_to_entry(session, user, entry, action)
        except Refused as error:
            result.refused.append(Refusal(entry_id, f"{labels[entry.blogger_id][0]}: {error}"))
        except StaleDataError:  # a colleague's change won the race as this one was written
            result.refused.append(Refusal(entry_id, f"{labels[entry.blogger_id][0]}: {StaleEntryError()}"))
        else:
            result.done.append(entry_id)
    audit.record(session, user, f"bulk_{action.kind}", "campaign", campaign.id,
                 done=len(result.done), refused=len(result.refused))
    return result


def apply_to_entry(session: Session, user: User, entry: PipelineEntry, action: BulkAction) -> None:
    """One card's part of a bulk action, through the rule a single change goes through."""
    if action.kind == "move":
        move_card(session, user, entry, action.stage, expected_version=None)
    elif action.kind == "set_owner":
        set_follow_up(session, user, entry, owner_id=action.owner_id, via="bulk")
    elif action.kind == "set_follow_up":
        if action.follow_up_on is not None:  # clearing a follow-up contacts nobody
            refuse_if_do_not_contact(session.get(Blogger, entry.blogger_id), "no follow-up was set")
        set_follow_up(session, user, entry, next_follow_up_on=action.follow_up_on, via="bulk")
    elif action.kind == "add_to_campaign":
        add_blogger_to_campaign(session, user, action.campaign, entry.blogger_id)
    elif action.kind == "do_not_contact":
        mark_do_not_contact(session, user, session.get(Blogger, entry.blogger_id), action.reason, via="bulk")


def bulk_blogs(session: Session, user: User, blog_ids: list[int], action: BulkAction) -> BulkResult:
    """Do the action on the bloggers of these blogs (the directory, a ranking); the caller commits."""
    check_request(user, session, len(blog_ids), action, BLOG_ACTIONS)
    blogs = {blog.id: blog for blog in session.exec(select(Blog).where(Blog.id.in_(blog_ids))).all()}
    result = BulkResult(action.kind)
    for blog_id in dict.fromkeys(blog_ids):
        blog = blogs.get(blog_id)
        if blog is None:
            result.refused.append(Refusal(blog_id, f"Blog {blog_id}: not in the directory."))
            continue
        try:
            with session.begin_nested():
                blogger = blogger_of_blog(session, blog)
                if action.kind == "add_to_campaign":
                    add_blogger_to_campaign(session, user, action.campaign, blogger.id, action.scores.get(blog_id))
                else:
                    mark_do_not_contact(session, user, blogger, action.reason, via="bulk")
        except Refused as error:
            result.refused.append(Refusal(blog_id, f"{blog.title or blog.homepage_url or blog.feed_url}: {error}"))
        else:
            result.done.append(blog_id)
    audit.record(session, user, f"bulk_{action.kind}", "blog", None, done=len(result.done),
                 refused=len(result.refused))
    return result
