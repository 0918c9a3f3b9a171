"""One person, several channels: a blogger's blogs, videos, shows and accounts are Blog rows
under one Blogger. Two bloggers become one by a person's action, or when each one's profile
links to the other's channel with rel=me (the IndieWeb's "this is also me", both ways)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import update
from sqlmodel import Session, or_, select

from outreach.core import audit
from outreach.core.custom_fields import move_values
from outreach.core.errors import Refused
from outreach.core.models import (
    Blog,
    Blogger,
    ContactDetail,
    Mention,
    Note,
    PipelineEntry,
    User,
    WebhookDelivery,
    utcnow,
)
from outreach.core.relationships import derived_relationship
from outreach.core.urls import BadUrl, normalise_url

REL_ME = "rel=me"


class MergeRefused(Refused):
    """Two bloggers cannot be merged; the message says why."""


PROFILE_PATH = re.compile(r"/bloggers/(\d+)/?$")


def find_blogger(session: Session, reference: str) -> int:
    """A blogger by what a person has at hand: its number, its profile page's address, or the
    address of one of its channels (homepage or feed). Raises MergeRefused."""
    reference = reference.strip()
    if reference.isdigit():
        return int(reference)
    found = PROFILE_PATH.search(urlsplit(reference).path) if "://" in reference else None
    if found:
        return int(found.group(1))
    try:
        url = normalise_url(reference)
    except BadUrl as error:
        raise MergeRefused(f"not a blogger's number or address: {error}") from None
    candidates = {url, url.rstrip("/"), url if url.endswith("/") else url + "/"}
    blogger_id = session.exec(select(Blog.blogger_id).where(
        or_(Blog.feed_url.in_(candidates), Blog.homepage_url.in_(candidates)), Blog.blogger_id.is_not(None))).first()
    if blogger_id is None:
        raise MergeRefused(f"no channel in the directory has the address {reference}")
    return blogger_id


def link_key(url: str) -> str:
    """A profile link as a key: any scheme, no www., no trailing slash, the host in lower case."""
    parts = urlsplit(url.strip())
    host = (parts.netloc or "").lower()
    host = host[4:] if host.startswith("www.") else host
    return f"{host}{parts.path.rstrip('/')}"


def merge_bloggers(session: Session, keep_id: int, other_id: int, user: User | None, reason: str) -> Blogger:
    """Move every channel, contact, note, mention and campaign entry of `other` to `keep`, then
    remove `other`; audited. The caller commits. Raises MergeRefused."""
    if keep_id == other_id:
        raise MergeRefused("a blogger cannot be merged with itself")
    keep, other = session.get(Blogger, keep_id), session.get(Blogger, other_id)
    if keep is None or other is None:
        raise MergeRefused(f"no blogger with id {other_id if keep else keep_id}")
    shared = set(session.exec(select(PipelineEntry.campaign_id).where(PipelineEntry.blogger_id == keep_id))) & set(
        session.exec(select(PipelineEntry.campaign_id).where(PipelineEntry.blogger_id == other_id)))
    if shared:
        raise MergeRefused("both are in the same campaign; remove one of the two entries first")
    for table in (Blog, Note, Mention, PipelineEntry, WebhookDelivery):
        session.exec(update(table).where(table.blogger_id == other_id).values(blogger_id=keep_id))
    move_contacts(session, keep_id, other_id)
    move_values(session, keep_id, other_id)
    take_missing_details(keep, other)
    follow_pipeline(session, keep)
    audit.record(session, user, "merged", "blogger", keep_id, merged_blogger=other_id,
                 merged_name=other.name, reason=reason)
    session.flush()
    session.delete(other)
    session.add(keep)
    session.flush()
    return keep


def move_contacts(session: Session, keep_id: int, other_id: int) -> None:
    """The other blogger's contact details, each once (a detail both have stays as the kept one's)."""
    known = {(kind, value) for kind, value in session.exec(
        select(ContactDetail.kind, ContactDetail.value).where(ContactDetail.blogger_id == keep_id))}
    for detail in session.exec(select(ContactDetail).where(ContactDetail.blogger_id == other_id)).all():
        if (detail.kind, detail.value) in known:
            session.delete(detail)
        else:
            detail.blogger_id = keep_id
            session.add(detail)


def take_missing_details(keep: Blogger, other: Blogger) -> None:
    """What the kept blogger lacks, from the other; do-not-contact from either holds for both."""
    for name in ("name", "location", "about", "audience_size"):
        if not getattr(keep, name) and getattr(other, name):
            setattr(keep, name, getattr(other, name))
    if not keep.name_source and other.name_source:
        keep.name_source = other.name_source
    if other.do_not_contact and not keep.do_not_contact:
        keep.do_not_contact, keep.do_not_contact_reason = True, other.do_not_contact_reason
        keep.relationship_status = "do_not_contact"
    elif not keep.do_not_contact and not keep.relationship_set_by_hand and other.relationship_set_by_hand:
        keep.relationship_status, keep.relationship_set_by_hand = other.relationship_status, True
    keep.updated_at = utcnow()


def follow_pipeline(session: Session, keep: Blogger) -> None:
    """A status nobody chose follows the pipeline of both bloggers' entries, now all the kept one's."""
    if not keep.do_not_contact and not keep.relationship_set_by_hand:
        session.flush()
        keep.relationship_status = derived_relationship(session, keep.id)


def rel_me_keys(session: Session, blogger_id: int) -> set[str]:
    """Where this blogger's profiles say "this is also me"."""
    return {link_key(value) for value in session.exec(select(ContactDetail.value).where(
        ContactDetail.blogger_id == blogger_id, ContactDetail.found_by.startswith(REL_ME)))}


def channel_keys(session: Session, blogger_id: int) -> set[str]:
    return {link_key(url) for url in session.exec(select(Blog.homepage_url).where(
        Blog.blogger_id == blogger_id, Blog.homepage_url != "")) if url}


def join_channels_linked_both_ways(session: Session, blogger_id: int, homepages: tuple[str, ...] = ()) -> list[int]:
    """Merge into this blogger every other one whose channel it links to with rel=me and whose
    profile links back with rel=me to one of its channels (those stored, and `homepages` being
    written); returns the ids merged. The caller commits."""
    mine = rel_me_keys(session, blogger_id)
    if not mine:
        return []
    own_channels = channel_keys(session, blogger_id) | {link_key(url) for url in homepages if url}
    merged = []
    others = session.exec(select(Blog.blogger_id, Blog.homepage_url).where(
        Blog.blogger_id != blogger_id, Blog.blogger_id.is_not(None), Blog.homepage_url != "")).all()
    for other_id in sorted({other for other, homepage in others if link_key(homepage) in mine}):
        if rel_me_keys(session, other_id) & own_channels:
            try:  # refused before it writes anything
                merge_bloggers(session, min(blogger_id, other_id), max(blogger_id, other_id), None,
                               "their profiles link to each other (rel=me)")
            except MergeRefused:
                continue  # both in one campaign: a person decides
            merged.append(other_id)
            if other_id < blogger_id:
                return merged  # this blogger was merged into the older one
    return merged
