"""Pitch templates: merge fields filled from what we know of a blogger, and a check that
nothing is left unfilled before a pitch is saved."""

from __future__ import annotations

import re
from typing import Callable

from sqlmodel import Session, select

from outreach.core.custom_fields import all_fields, values_of
from outreach.core.models import Blog, Blogger, Campaign, PipelineEntry, PitchTemplate, Post, User

PLACEHOLDER = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")

MERGE_FIELDS = {
    "first_name": "The blogger's first name",
    "name": "The blogger's full name",
    "blog_name": "The blog's title",
    "best_post_title": "Their post that best matches the campaign's niche",
    "best_post_url": "The link to that post",
    "recent_post_title": "Their most recent post's title",
    "recent_post_url": "The link to their most recent post",
    "brand": "The campaign's brand",
    "my_name": "Your name",
    "address_link": "A private link where they give the address of their planned sample (made as the email goes)",
}
# Filled as the email goes out, not as it is written: a link made then is the one that works.
SENT_FIELDS = frozenset({"address_link"})

# Finds the best-matching post of a blog for a niche, (title, url) or None: the caller passes
# one that asks the ranking (scoring.explain_blog), so this module stays free of the ranking code.
BestPostFinder = Callable[[Session, int, int], "tuple[str, str] | None"]


def template_used(session: Session, template_id: int | None) -> int | None:
    """The id of the template a message was written from, if it names one that still exists (a
    form's "(none)" is 0)."""
    return template_id if template_id and session.get(PitchTemplate, template_id) is not None else None


def placeholders(text: str) -> list[str]:
    """The merge fields a text still contains, in order, without repeats."""
    seen: dict[str, None] = {}
    for match in PLACEHOLDER.finditer(text or ""):
        seen.setdefault(match.group(1), None)
    return list(seen)


def left_to_fill(text: str) -> list[str]:
    """The merge fields a person must still fill before an email goes: those the sending fills aside."""
    return [name for name in placeholders(text) if name not in SENT_FIELDS]


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every placeholder that has a value; unknown or empty ones stay as they are."""

    def replace(match: re.Match) -> str:
        value = values.get(match.group(1), "")
        return value if value else match.group(0)

    return PLACEHOLDER.sub(replace, text or "")


def merge_values(session: Session, entry: PipelineEntry, user: User,
                 best_post_finder: BestPostFinder | None = None) -> dict[str, str]:
    """What each merge field stands for on this entry; empty when we do not know it."""
    blogger = session.get(Blogger, entry.blogger_id)
    campaign = session.get(Campaign, entry.campaign_id)
    blog = session.exec(select(Blog).where(Blog.blogger_id == blogger.id).order_by(Blog.id)).first()
    values = {
        "name": blogger.name,
        "first_name": blogger.name.split()[0] if blogger.name.strip() else "",
        "blog_name": blog.title if blog else "",
        "brand": campaign.brand,
        "my_name": user.name or "",
        "recent_post_title": "",
        "recent_post_url": "",
        "best_post_title": "",
        "best_post_url": "",
    }
    if blog is not None:
        recent = session.exec(
            select(Post).where(Post.blog_id == blog.id).order_by(Post.published_at.desc())
        ).first()
        if recent is not None:
            values["recent_post_title"], values["recent_post_url"] = recent.title, recent.url
        if best_post_finder is not None and campaign.niche_id is not None:
            best = best_post_finder(session, blog.id, campaign.niche_id)
            if best is not None:
                values["best_post_title"], values["best_post_url"] = best
    names = field_merge_names(session)
    own = values_of(session, [blogger.id])[blogger.id]
    values.update({name: own.get(field_id, "") for field_id, (name, _) in names.items()})
    return values


def field_merge_names(session: Session) -> dict[int, tuple[str, str]]:
    """The team's fields on bloggers as merge fields: field id -> (name, what it stands for). A
    field's name written in lower case with underscores ("Rate for a post": rate_for_a_post), after
    "field_" when it would be a built-in's or start with a digit."""
    names = {}
    for field in all_fields(session):
        name = re.sub(r"[^a-z0-9]+", "_", field.name.lower()).strip("_")
        if not name or name in MERGE_FIELDS or name[0].isdigit() or name in {used for used, _ in names.values()}:
            name = f"field_{name or field.id}"
        names[field.id] = (name, f"The team's field {field.name!r}")
    return names


def known_merge_fields(session: Session) -> dict[str, str]:
    """Every merge field a template may use, built-in and the team's, with what each stands for."""
    return {**MERGE_FIELDS, **dict(field_merge_names(session).values())}
