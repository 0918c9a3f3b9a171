"""@mentions in notes: a colleague named in a note hears of it (an alert in the app, and by email
when they take alerts by email), if they may open what the note is on."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Mapping

from sqlmodel import Session, select

from outreach.core.access import can_work_campaign
from outreach.core.alerts import alert, send_alert_emails
from outreach.core.bloggers import blogger_labels
from outreach.core.models import Note, PipelineEntry, User

HINT = "To tell a colleague, name them with @ and their email, or its part before the @ (@ana)."
# "@ana", "@ana.lopez" or "@ana@agency.example", not the middle of an email address.
MENTION = re.compile(r"(?<![\w.@])@([a-z0-9][a-z0-9._%+-]*(?:@[a-z0-9-]+(?:\.[a-z0-9-]+)+)?)", re.IGNORECASE)


def mentioned_users(session: Session, body: str, author: User) -> list[User]:
    """The active colleagues the note names, by their email or its part before the @ (when no
    other colleague shares it); never the author."""
    handles = {handle.lower().rstrip(".") for handle in MENTION.findall(body)}
    if not handles:
        return []
    people = session.exec(select(User).where(User.is_active).order_by(User.id)).all()
    local_parts = Counter(person.email.split("@")[0] for person in people)
    named = []
    for person in people:
        local = person.email.split("@")[0]
        if person.id != author.id and (person.email in handles or (local in handles and local_parts[local] == 1)):
            named.append(person)
    return named


def tell_mentioned(session: Session, author: User, note: Note, settings: Mapping[str, Any]) -> list[User]:
    """Alert each colleague the note names who may open it; returns them. The caller commits."""
    entry = session.get(PipelineEntry, note.entry_id) if note.entry_id else None
    url = f"/campaigns/entries/{entry.id}/" if entry else f"/bloggers/{note.blogger_id}/"
    name = blogger_labels(session, [note.blogger_id])[note.blogger_id][0] if note.blogger_id else "a blogger"
    title = f"{author.display_name} mentioned you in a note on {name}"[:500]
    told, emails = [], []
    for person in mentioned_users(session, note.body, author):
        if entry is not None and not can_work_campaign(session, person, entry.campaign_id):
            continue  # a link they could not open, to a campaign that is not theirs
        emails.append(alert(session, settings, person, "note_mention", title, note.body[:500], url,
                            email_body=note.body[:2000]))
        told.append(person)
    send_alert_emails(settings, emails)
    return told
