"""A blogger's rights over what is stored about them: everything, as one export (their request
to see it), and erasure (their request to be forgotten). Erasure deletes the person with their
blogs, posts, contacts, notes and every campaign entry with what was logged on it, empties the
details of the audit events about them, and keeps only digests of their emails and addresses,
so that no list, discovery or colleague adds them again."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, update
from sqlalchemy.orm import defer
from sqlmodel import Session, col, func, or_, select

from outreach.core import audit
from outreach.core.models import (
    AuditEvent,
    Blog,
    BlogCandidate,
    Blogger,
    BlogTag,
    Campaign,
    ContactDetail,
    Coverage,
    CustomField,
    CustomValue,
    Deliverable,
    Fee,
    ForgottenIdentity,
    Mention,
    NicheSeed,
    Note,
    Notification,
    OutboxMessage,
    PipelineEntry,
    Pitch,
    Post,
    Reply,
    ReplyFile,
    Sample,
    Stage,
    StageChange,
    User,
    WebhookDelivery,
    utcnow,
)
from outreach.core.search_index import record_blog_removal
from outreach.core.urls import same_address_key


def digest(kind: str, value: str) -> str:
    """The SHA-256 of an identifier as it is compared: an email lower-cased, an address as
    urls.same_address_key writes it."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def email_key(value: str) -> str:
    """An email as it is compared: "Maya@Pour.example " is maya@pour.example."""
    return value.strip().lower()


def identity_digests(*, emails=(), addresses=()) -> list[str]:
    """The digests these emails and addresses are kept as once forgotten."""
    digests = [digest("email", email_key(value)) for value in emails if value and value.strip()]
    return digests + [digest("address", key) for key in (same_address_key(url) for url in addresses if url) if key]


def forgotten_since(session: Session, *, emails=(), addresses=()) -> datetime | None:
    """When the person behind any of these emails or addresses asked to be forgotten, or None."""
    digests = identity_digests(emails=emails, addresses=addresses)
    if not digests:
        return None
    return session.exec(select(ForgottenIdentity.forgotten_at)
                        .where(col(ForgottenIdentity.digest).in_(digests))
                        .order_by(ForgottenIdentity.forgotten_at)).first()


def forgotten_digests(session: Session) -> set[str]:
    """Every forgotten email's and address's digest: to test many rows at once."""
    return set(session.exec(select(ForgottenIdentity.digest)))


def is_forgotten(digests: set[str], *, emails=(), addresses=()) -> bool:
    return any(value in digests for value in identity_digests(emails=emails, addresses=addresses))


def refusal(when: datetime) -> str:
    """Why a forgotten person's blog or address is not added."""
    return f"the blogger at this address asked to be forgotten on {when:%Y-%m-%d}: not added"


def _parts(session: Session, blogger: Blogger) -> dict[str, list[int]]:
    """The ids of the rows that belong to the person."""
    blogs = list(session.exec(select(Blog.id).where(Blog.blogger_id == blogger.id)))
    entries = list(session.exec(select(PipelineEntry.id).where(PipelineEntry.blogger_id == blogger.id)))

    def of_entries(model):
        return list(session.exec(select(model.id).where(col(model.entry_id).in_(entries)))) if entries else []

    return {
        "blogs": blogs,
        "posts": list(session.exec(select(Post.id).where(col(Post.blog_id).in_(blogs)))) if blogs else [],
        "contacts": list(session.exec(select(ContactDetail.id).where(ContactDetail.blogger_id == blogger.id))),
        "entries": entries,
        "notes": list(session.exec(select(Note.id).where(or_(Note.blogger_id == blogger.id,
                                                             col(Note.entry_id).in_(entries or [0]))))),
        "pitches": of_entries(Pitch),
        "replies": of_entries(Reply),
        "samples": of_entries(Sample),
        "fees": of_entries(Fee),
        "coverage": of_entries(Coverage),
        "messages": of_entries(OutboxMessage),
    }


def forget_counts(session: Session, blogger: Blogger) -> dict[str, int]:
    """What forgetting the person deletes, by kind."""
    return {kind: len(ids) for kind, ids in _parts(session, blogger).items()}


def forget_blogger(session: Session, user: User | None, blogger: Blogger) -> dict[str, int]:
    """Delete the person and everything stored about them (their emails on other bloggers too);
    keep the digests of their emails and addresses. The caller commits. The search index drops
    their posts at its next refresh."""
    blogger_id, parts = blogger.id, _parts(session, blogger)
    contacts = session.exec(select(ContactDetail).where(ContactDetail.blogger_id == blogger.id)).all()
    blogs = session.exec(select(Blog).where(col(Blog.id).in_(parts["blogs"] or [0]))).all()
    addresses = [url for blog in blogs for url in (blog.feed_url, blog.homepage_url) if url]
    addresses += [contact.value for contact in contacts if contact.kind != "email"]  # profiles and sites
    identities = {("email", digest("email", email_key(contact.value))) for contact in contacts
                  if contact.kind == "email" and contact.value.strip()}
    identities |= {("address", digest("address", key)) for key in map(same_address_key, addresses) if key}
    known = set(session.exec(select(ForgottenIdentity.digest).where(
        col(ForgottenIdentity.digest).in_([value for _, value in identities] or [""]))))
    now = utcnow()
    for kind, value in sorted(identities):
        if value not in known:  # an address two forgotten people shared is kept once
            session.add(ForgottenIdentity(digest=value, kind=kind, forgotten_at=now,
                                          forgotten_by_id=user.id if user else None))
    address_digests = {value for kind, value in identities if kind == "address"}
    candidates = [candidate.id for candidate in session.exec(select(BlogCandidate))
                  if is_forgotten(address_digests, addresses=[candidate.url])]
    _empty_audit_details(session, parts, blogger.id)
    _delete_alerts_about(session, blogger_id, parts)
    _delete_seeds_from(session, parts, blogs)
    emails = {email_key(contact.value) for contact in contacts if contact.kind == "email" and contact.value.strip()}
    if emails:  # their address kept on another blogger too (a shared inbox) is theirs all the same
        session.execute(delete(ContactDetail).where(
            ContactDetail.kind == "email", ContactDetail.blogger_id != blogger_id,
            func.lower(func.trim(ContactDetail.value)).in_(sorted(emails))).execution_options(synchronize_session=False))
    if candidates:
        session.execute(delete(BlogCandidate).where(col(BlogCandidate.id).in_(candidates))
                        .execution_options(synchronize_session=False))
    if parts["blogs"]:
        session.execute(delete(Blog).where(col(Blog.id).in_(parts["blogs"])).execution_options(synchronize_session=False))
        record_blog_removal(session, len(parts["blogs"]))
    session.execute(delete(CustomValue).where(CustomValue.blogger_id == blogger.id)
                    .execution_options(synchronize_session=False))  # the team's fields about them
    session.execute(delete(Blogger).where(Blogger.id == blogger.id).execution_options(synchronize_session=False))
    session.expunge(blogger)
    counts = {kind: len(ids) for kind, ids in parts.items()}
    audit.record(session, user, "forgot", "blogger", blogger_id, **counts)
    return counts


def _delete_seeds_from(session: Session, parts: dict[str, list[int]], blogs: list[Blog]) -> None:
    """Niche examples taken from the person's writing: a post of theirs, their blog, or a page of
    their site read by the crawler (its text copied, its address theirs)."""
    posts = set(parts["posts"])
    post_urls = {same_address_key(url) for url in session.exec(select(Post.url).where(col(Post.id).in_(posts or [0])))}
    sites = {key for blog in blogs for key in (same_address_key(blog.homepage_url), same_address_key(blog.feed_url)) if key}
    theirs = [seed.id for seed in session.exec(select(NicheSeed))
              if seed.post_id in posts or (seed.url and (
                  (key := same_address_key(seed.url)) in post_urls or key in sites
                  or any(key.startswith(site.rstrip("/") + "/") for site in sites)))]
    if theirs:
        session.execute(delete(NicheSeed).where(col(NicheSeed.id).in_(theirs)).execution_options(synchronize_session=False))


# Alerts are matched against this many pages and quoted excerpts per statement.
ALERT_CONDITIONS_AT_ONCE = 200


def _delete_alerts_about(session: Session, blogger_id: int, parts: dict[str, list[int]]) -> None:
    """The alerts that link to the person's profile or entries, those that quote their posts (a
    monitor's mentions, its digest), the webhook deliveries of their mentions, and the events
    about them sent to the team's hooks."""
    pages = [f"/bloggers/{blogger_id}/"] + [f"/campaigns/entries/{entry_id}/" for entry_id in parts["entries"]]
    mentions = session.exec(select(Mention.id, Mention.excerpt).where(col(Mention.blog_id).in_(parts["blogs"] or [0]))).all()
    excerpts = [text for _, text in mentions if text.strip()]
    if mentions:  # a webhook not yet delivered must not send their words out after they are forgotten
        session.execute(delete(WebhookDelivery).where(col(WebhookDelivery.mention_id).in_([id_ for id_, _ in mentions]))
                        .execution_options(synchronize_session=False))
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.blogger_id == blogger_id)  # the team hooks' events
                    .execution_options(synchronize_session=False))
    conditions = [col(Notification.url).in_(pages)] + [col(Notification.body).contains(text, autoescape=True) for text in excerpts]
    for start in range(0, len(conditions), ALERT_CONDITIONS_AT_ONCE):
        session.execute(delete(Notification).where(or_(*conditions[start:start + ALERT_CONDITIONS_AT_ONCE]))
                        .execution_options(synchronize_session=False))


def _empty_audit_details(session: Session, parts: dict[str, list[int]], blogger_id: int) -> None:
    """The audit trail keeps who did what and when, not the name, address or words of the person."""
    objects = {"blogger": [blogger_id], "blog": parts["blogs"], "pipeline_entry": parts["entries"],
               "note": parts["notes"], "reply": parts["replies"], "sample": parts["samples"], "fee": parts["fees"],
               "coverage": parts["coverage"], "outbox_message": parts["messages"]}
    for object_type, ids in objects.items():
        if ids:
            session.execute(update(AuditEvent)
                            .where(AuditEvent.object_type == object_type, col(AuditEvent.object_id).in_(ids))
                            .values(details={"forgotten": True}).execution_options(synchronize_session=False))


def export_blogger(session: Session, blogger: Blogger) -> dict:
    """Everything stored about the person, as one JSON-ready document (their request to see it)."""
    def fields(row, *names):
        return {name: _plain(getattr(row, name)) for name in names}

    blogs = session.exec(select(Blog).where(Blog.blogger_id == blogger.id).order_by(Blog.id)).all()
    entries = session.exec(select(PipelineEntry, Campaign).join(Campaign, Campaign.id == PipelineEntry.campaign_id)
                           .where(PipelineEntry.blogger_id == blogger.id).order_by(PipelineEntry.id)).all()
    stage_names = {stage.id: stage.name for stage in session.exec(
        select(Stage).where(col(Stage.campaign_id).in_([campaign.id for _, campaign in entries] or [0])))}

    def logged(model, entry_id, *names):
        return [fields(row, *names) for row in session.exec(select(model).where(model.entry_id == entry_id)
                                                            .order_by(model.id))]

    return {
        "exported_at": utcnow().isoformat(),
        "person": fields(blogger, "id", "name", "name_source", "location", "about", "audience_size",
                         "relationship_status", "do_not_contact", "do_not_contact_reason", "created_at"),
        "fields": {name: value for name, value in session.exec(
            select(CustomField.name, CustomValue.value).join(CustomValue, CustomValue.field_id == CustomField.id)
            .where(CustomValue.blogger_id == blogger.id).order_by(CustomField.id))},
        "contacts": [fields(row, "kind", "value", "source_url", "found_by")
                     for row in session.exec(select(ContactDetail).where(ContactDetail.blogger_id == blogger.id)
                                             .order_by(ContactDetail.id))],
        "blogs": [{**fields(blog, "id", "title", "homepage_url", "feed_url", "platform", "source", "notes", "created_at"),
                   "tags": list(session.exec(select(BlogTag.tag).where(BlogTag.blog_id == blog.id).order_by(BlogTag.tag))),
                   "posts": [fields(post, "title", "url", "published_at") for post in session.exec(
                       select(Post).where(Post.blog_id == blog.id).order_by(Post.published_at.desc()))],
                   "mentions": len(session.exec(select(Mention.id).where(Mention.blog_id == blog.id)).all())}
                  for blog in blogs],
        "notes": [fields(note, "body", "created_at") for note in session.exec(
            select(Note).where(Note.blogger_id == blogger.id, Note.entry_id.is_(None)).order_by(Note.id))],
        "campaign_entries": [{
            "campaign": campaign.name,
            **fields(entry, "id", "created_at", "next_follow_up_on"),
            "stage": stage_names.get(entry.stage_id, ""),
            "stage_changes": [fields(change, "from_stage_name", "to_stage_name", "changed_at") for change in session.exec(
                select(StageChange).where(StageChange.entry_id == entry.id).order_by(StageChange.id))],
            "pitches": logged(Pitch, entry.id, "channel", "subject", "message", "sent_at", "outcome"),
            "replies": logged(Reply, entry.id, "channel", "received_at", "subject", "summary", "from_address"),
            # The files their replies carried, by name (the files are theirs already).
            "reply_files": [fields(file, "name", "content_type", "size") for file in session.exec(
                select(ReplyFile).options(defer(ReplyFile.data)).join(Reply, Reply.id == ReplyFile.reply_id)
                .where(Reply.entry_id == entry.id).order_by(ReplyFile.id))],
            # Every email to them from the app, also those never sent (queued, failed, cancelled).
            "emails": logged(OutboxMessage, entry.id, "to_address", "subject", "body", "status", "send_after",
                             "sent_at"),
            "samples": logged(Sample, entry.id, "item", "quantity", "unit_value", "currency", "shipping_address",
                              "status", "carrier", "tracking_number", "sent_on", "received_on", "returned_on"),
            "fees": logged(Fee, entry.id, "description", "amount", "currency", "status", "agreed_on", "due_on",
                           "invoiced_on", "paid_on", "invoice_reference"),
            "deliverables": logged(Deliverable, entry.id, "description", "due_on", "status", "published_on"),
            "coverage": logged(Coverage, entry.id, "url", "title", "status", "found_at"),
            "notes": logged(Note, entry.id, "body", "created_at"),
        } for entry, campaign in entries],
    }


def _plain(value):
    """A value as JSON writes it: dates in ISO 8601, sums as text."""
    if isinstance(value, Decimal):
        return str(value)
    return value.isoformat() if hasattr(value, "isoformat") else value
