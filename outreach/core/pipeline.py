"""The pipeline rules for entries: a blogger shortlisted into a campaign, then pitched,
answered, sent samples, given notes, follow-ups and owners, each change audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Mapping

from sqlalchemy import update
from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.campaigns import refuse_if_archived
from outreach.core.event_hooks import EVENT_TEXT, emit_for_entry, person
from outreach.core.models import (
    CLOSED_STAGE_KINDS,
    Blog,
    Blogger,
    Campaign,
    CampaignMember,
    Note,
    NoteBase,
    PipelineEntry,
    Pitch,
    Reply,
    Stage,
    StageChange,
    User,
    limits_of,
    utcnow,
)
from outreach.core.note_mentions import tell_mentioned
from outreach.core.pitch_templates import template_used
from outreach.core.relationships import raise_relationship
from outreach.core.stages import (
    EARLY_STAGE_KINDS,
    PipelineError,
    campaign_stages,
    move_entry,
    refuse_if_do_not_contact,
    stage_of_kind,
)
from outreach.core.vetting import Vetting, vet_blogger


def add_blogger_to_campaign(
    session: Session, user: User, campaign: Campaign, blogger_id: int, score: float | None = None,
    at: datetime | None = None,
) -> PipelineEntry:
    """Shortlist a blogger into a campaign's first stage (once per campaign); `at` dates a
    shortlisting recorded after the fact."""
    existing = session.exec(
        select(PipelineEntry).where(
            PipelineEntry.campaign_id == campaign.id, PipelineEntry.blogger_id == blogger_id
        )
    ).first()
    if existing is not None:
        raise PipelineError("This blogger is already in the campaign.")
    blogger = session.get(Blogger, blogger_id)
    if blogger is None:
        raise PipelineError("No such blogger.")
    refuse_if_archived(campaign)
    refuse_if_do_not_contact(blogger, "not shortlisted")
    stages = campaign_stages(session, campaign.id)
    if not stages:
        raise PipelineError("The campaign has no stages; add one first.")
    first = stage_of_kind(session, campaign.id, "shortlisted") or stages[0]
    when = min(at, utcnow()) if at is not None else utcnow()
    entry = PipelineEntry(
        campaign_id=campaign.id, blogger_id=blogger_id, stage_id=first.id, owner_id=user.id, score=score,
        created_at=when, stage_entered_at=when,
    )
    session.add(entry)
    session.flush()
    session.add(StageChange(entry_id=entry.id, to_stage_id=first.id, to_stage_name=first.name,
                            changed_by_id=user.id, changed_at=when))
    audit.record(session, user, "shortlisted", "pipeline_entry", entry.id,
                 campaign_id=campaign.id, blogger_id=blogger_id)
    emit_for_entry(session, "entry.added", entry, by=person(user), stage={"id": first.id, "name": first.name},
                   score=score)
    return entry


def blogger_of_blog(session: Session, blog: Blog) -> Blogger:
    """The blog's blogger; a blog found without one gets one, named after the blog."""
    if blog.blogger_id is None:
        blogger = Blogger(name=blog.title)
        session.add(blogger)
        session.flush()
        blog.blogger_id = blogger.id
        session.add(blog)
        return blogger
    return session.get(Blogger, blog.blogger_id)


def shortlist_blogs(session: Session, user: User, campaign: Campaign, blog_ids: list[int],
                    scores: dict[int, float]) -> tuple[int, list[str]]:
    """Shortlist these blogs' bloggers into a campaign, each with its blog's score in the ranking
    (never a figure a person typed); returns how many were added and why each other one was not."""
    added, refused = 0, []
    for blog_id in blog_ids:
        blog = session.get(Blog, blog_id)
        if blog is None:
            refused.append(f"Blog {blog_id} is gone.")
            continue
        blogger_of_blog(session, blog)
        try:
            with session.begin_nested():
                add_blogger_to_campaign(session, user, campaign, blog.blogger_id, scores.get(blog_id))
            added += 1
        except PipelineError as error:
            refused.append(f"{blog.title or blog.homepage_url}: {error}")
    return added, refused


def pitch_warnings(
    session: Session, blogger: Blogger, campaign_id: int, guard_days: int, now: datetime | None = None,
    entry_id: int | None = None, vetting: Vetting | None = None,
) -> list[str]:
    """What a person should know before pitching this blogger (do-not-contact first, then recent
    pitches, other campaigns, and words the brand avoids in their newest posts, read here unless
    `vetting` has them already). The
    pitches of this entry itself are on its timeline, so the recent-contact guard looks at the
    blogger's other entries only."""
    now = now or utcnow()
    warnings = []
    if blogger.do_not_contact:
        reason = f" ({blogger.do_not_contact_reason})" if blogger.do_not_contact_reason else ""
        warnings.append(f"{blogger.name or 'This blogger'} is on the do-not-contact list{reason}.")
    recent_pitches = (
        select(Pitch, User, Campaign.name)
        .join(PipelineEntry, PipelineEntry.id == Pitch.entry_id)
        .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
        .join(User, User.id == Pitch.sent_by_id, isouter=True)
        .where(PipelineEntry.blogger_id == blogger.id, Pitch.sent_at >= now - timedelta(days=guard_days))
        .order_by(Pitch.sent_at.desc())
    )
    if entry_id is not None:
        recent_pitches = recent_pitches.where(PipelineEntry.id != entry_id)
    recent = session.exec(recent_pitches).first()
    if recent is not None:
        pitch, sender, campaign_name = recent
        warnings.append(
            f"Pitched {_days_ago((now - pitch.sent_at).days)} by {sender.display_name if sender else 'someone'} "
            f"in {campaign_name!r} (guard: {guard_days} days)."
        )
    other_active = session.exec(
        select(Campaign.name)
        .join(PipelineEntry, PipelineEntry.campaign_id == Campaign.id)
        .join(Stage, Stage.id == PipelineEntry.stage_id)
        .where(
            PipelineEntry.blogger_id == blogger.id,
            Campaign.id != campaign_id,
            Campaign.is_archived.is_(False),
            Stage.kind.not_in(list(CLOSED_STAGE_KINDS | EARLY_STAGE_KINDS)),
        )
    ).all()
    if other_active:
        warnings.append("Active in another campaign: " + ", ".join(sorted(other_active)) + ".")
    if vetting is None:
        vetting = vet_blogger(session, blogger.id, session.get(Campaign, campaign_id).avoid_terms)
    if vetting.flagged:
        count = len(vetting.flagged)
        warnings.append(f"{count} of their {vetting.read} newest posts use{'s' if count == 1 else ''} words the "
                        f"brand avoids: {', '.join(vetting.used_terms)}.")
    return warnings


def _days_ago(days: int) -> str:
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"


class EmptyPitch(PipelineError):
    """A pitch with neither a subject nor a message: nothing was sent worth logging."""


def log_pitch(
    session: Session, user: User, entry: PipelineEntry, *, channel: str, subject: str, message: str,
    follow_up_on: date | None, is_follow_up: bool = False, sent_at: datetime | None = None,
    template_id: int | None = None,
) -> Pitch:
    """Record a pitch or follow-up; a first pitch moves an early card to Pitched. One with neither
    a subject nor a message is refused: it says nothing of what was sent."""
    refuse_if_do_not_contact(session.get(Blogger, entry.blogger_id), "the pitch was not logged")
    if not (subject or "").strip() and not (message or "").strip():
        raise EmptyPitch("Write the pitch's subject or message: an empty pitch is not logged.")
    pitch = Pitch(
        entry_id=entry.id, is_follow_up=is_follow_up, channel=channel, subject=subject.strip(),
        message=message, sent_by_id=user.id, follow_up_on=follow_up_on, sent_at=sent_at or utcnow(),
        template_id=template_used(session, template_id),
    )
    session.add(pitch)
    entry.last_contact_at = pitch.sent_at
    if follow_up_on is not None:  # no date given: the follow-up already planned stays
        entry.next_follow_up_on = follow_up_on
    # Writing to the blogger answers whatever they had sent us before (the response-speed list).
    session.exec(update(Reply).where(Reply.entry_id == entry.id, Reply.answered_at.is_(None),
                                     Reply.received_at <= pitch.sent_at).values(answered_at=pitch.sent_at))
    entry.updated_at = utcnow()
    session.add(entry)
    session.flush()
    audit.record(session, user, "logged_follow_up" if is_follow_up else "logged_pitch", "pitch",
                 pitch.id, entry_id=entry.id, channel=channel)
    raise_relationship(session, entry.blogger_id, "pitched")
    current = session.get(Stage, entry.stage_id)
    if current is not None and current.kind in EARLY_STAGE_KINDS:
        pitched = stage_of_kind(session, entry.campaign_id, "pitched")
        if pitched is not None:
            move_entry(session, user, entry, pitched, expected_version=None, by_hand=False, at=pitch.sent_at)
    return pitch


def log_reply(
    session: Session, user: User, entry: PipelineEntry, *, channel: str, summary: str,
    sentiment: str, received_at: datetime | None = None,
) -> Reply:
    """Record a blogger's reply; it answers their latest pitch and moves Pitched to Responded."""
    latest = session.exec(
        select(Pitch).where(Pitch.entry_id == entry.id).order_by(Pitch.sent_at.desc())
    ).first()
    reply = Reply(entry_id=entry.id, pitch_id=latest.id if latest else None, channel=channel,
                  summary=summary, sentiment=sentiment, logged_by_id=user.id,
                  received_at=received_at or utcnow())
    session.add(reply)
    if latest is not None and latest.outcome == "pending":
        latest.outcome = "replied"
        session.add(latest)
    entry.last_contact_at = reply.received_at
    entry.updated_at = utcnow()
    session.add(entry)
    session.flush()
    audit.record(session, user, "logged_reply", "reply", reply.id, entry_id=entry.id)
    emit_for_entry(session, "reply.received", entry, reply={
        "id": reply.id, "channel": channel, "sentiment": sentiment, "summary": summary[:EVENT_TEXT],
        "received_at": reply.received_at.isoformat()}, logged_by=person(user))
    raise_relationship(session, entry.blogger_id, "replied")
    current = session.get(Stage, entry.stage_id)
    if current is not None and current.kind in EARLY_STAGE_KINDS | {"pitched"}:
        responded = stage_of_kind(session, entry.campaign_id, "responded")
        if responded is not None:
            move_entry(session, user, entry, responded, expected_version=None, by_hand=False, at=reply.received_at)
    return reply


BOARD_REPLY = "Marked as responded by moving the card; what they said was not written down."


def move_card(session: Session, user: User, entry: PipelineEntry, to_stage: Stage,
              expected_version: int | None) -> tuple[StageChange | None, Reply | None]:
    """A person moves a card (board, entry page, API). Moving it to Responded says the blogger
    answered: unless a reply since the latest pitch is already logged, one is logged, as the
    rules would have moved the card for a logged reply."""
    change = move_entry(session, user, entry, to_stage, expected_version)
    if change is None or to_stage.kind != "responded":
        return change, None
    latest_pitch = session.exec(select(Pitch.sent_at).where(Pitch.entry_id == entry.id)
                                .order_by(Pitch.sent_at.desc())).first()
    replies = select(Reply.id).where(Reply.entry_id == entry.id)
    if latest_pitch is not None:
        replies = replies.where(Reply.received_at >= latest_pitch)
    if session.exec(replies).first() is not None:
        return change, None
    channel = session.exec(select(Pitch.channel).where(Pitch.entry_id == entry.id)
                           .order_by(Pitch.sent_at.desc())).first() or "email"
    return change, log_reply(session, user, entry, channel=channel, summary=BOARD_REPLY, sentiment="neutral")


UNCHANGED = object()  # set_follow_up: leave this field as it is


def set_follow_up(session: Session, user: User, entry: PipelineEntry, *, next_follow_up_on=UNCHANGED,
                  owner_id=UNCHANGED, via: str = "web") -> None:
    """Set an entry's next follow-up date and/or its owner (a member of the campaign, or nobody)."""
    changes = {}
    if next_follow_up_on is not UNCHANGED:
        entry.next_follow_up_on = changes["next_follow_up_on"] = next_follow_up_on
    if owner_id is not UNCHANGED:
        if owner_id is not None and session.get(CampaignMember, (entry.campaign_id, owner_id)) is None:
            raise PipelineError(f"No member with id {owner_id} in this campaign: the owner must be one.")
        entry.owner_id = changes["owner_id"] = owner_id
    if not changes:
        return
    entry.updated_at = utcnow()
    session.add(entry)
    audit.record(session, user, "set_follow_up", "pipeline_entry", entry.id, via=via,
                 **{key: str(value) if isinstance(value, date) else value for key, value in changes.items()})


def add_note(session: Session, user: User, blogger_id: int, body: str, entry: PipelineEntry | None = None,
             settings: Mapping[str, Any] | None = None) -> Note:
    """A note on a blogger, or on their entry in one campaign; one longer than a note may be is
    refused. Colleagues it @mentions are told (by email too with `settings` of a mail server)."""
    most = limits_of(NoteBase, "body").max_length
    if not body.strip():
        raise PipelineError("A note needs some text.")
    if len(body) > most:
        raise PipelineError(f"Too long: a note has at most {most:,} characters (this one has {len(body):,}).")
    note = Note(blogger_id=blogger_id, entry_id=entry.id if entry else None, body=body, author_id=user.id)
    session.add(note)
    session.flush()
    audit.record(session, user, "added_note", "note", note.id, blogger_id=blogger_id,
                 **({"entry_id": entry.id} if entry else {}))
    tell_mentioned(session, user, note, settings or {})
    return note
