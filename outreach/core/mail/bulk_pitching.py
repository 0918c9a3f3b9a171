"""One template emailed to many cards of a campaign: each filled for its blogger and queued through
the single pitch's guards, so that a card they stop is reported with the reason and the others go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from outreach.core import audit
from outreach.core.bloggers import blogger_labels
from outreach.core.bulk import BULK_LIMIT, BulkRefused
from outreach.core.campaigns import refuse_if_archived
from outreach.core.errors import Refused
from outreach.core.mail.pitching import blogger_addresses, first_working_address, queue_pitch, send_time
from outreach.core.models import Campaign, Mailbox, PipelineEntry, PitchTemplate, User
from outreach.core.pitch_templates import fill, merge_values


@dataclass
class PlannedEmail:
    """One card's email, and what stops it ("" when nothing does)."""

    entry_id: int
    name: str
    to_address: str
    subject: str
    body: str
    problem: str = ""


def email_cards(session: Session, user: User, campaign: Campaign, entry_ids: list[int], template: PitchTemplate,
                mailbox: Mailbox, guard_days: int, *, queue: bool, send_at: datetime | None = None,
                file_ids: list[int] = ()) -> list[PlannedEmail]:
    """Each card's email from the template (with the campaign's files `file_ids`), to the blogger's first working address, through
    queue_pitch's guards in a savepoint: kept when `queue`, else rolled back (a preview that says
    exactly what sending would do). The caller commits."""
    if not 0 < len(entry_ids) <= BULK_LIMIT:
        raise BulkRefused(f"Check between 1 and {BULK_LIMIT} cards to email.")
    refuse_if_archived(campaign)
    send_time(send_at)  # a slip of date is said once, not on every card
    entries = {entry.id: entry for entry in session.exec(
        select(PipelineEntry).where(col(PipelineEntry.id).in_(entry_ids), PipelineEntry.campaign_id == campaign.id))}
    labels = blogger_labels(session, [entry.blogger_id for entry in entries.values()])
    planned = []
    for entry_id in entry_ids:
        entry = entries.get(entry_id)
        if entry is None:
            planned.append(PlannedEmail(entry_id, f"Card {entry_id}", "", "", "", "not in this campaign"))
            continue
        values = merge_values(session, entry, user)
        plan = PlannedEmail(entry.id, labels[entry.blogger_id][0],
                            first_working_address(blogger_addresses(session, entry.blogger_id)),
                            fill(template.subject, values), fill(template.body, values))
        savepoint = session.begin_nested()
        try:
            if not plan.to_address:
                raise Refused("no working email address is known for them.")
            queue_pitch(session, user, entry, mailbox, to_address=plan.to_address, subject=plan.subject,
                        body=plan.body, guard_days=guard_days, template_id=template.id, send_at=send_at,
                        file_ids=file_ids)
        except Refused as error:
            plan.problem = str(error)
            savepoint.rollback()
        else:
            if queue:
                savepoint.commit()
            else:
                savepoint.rollback()
        planned.append(plan)
    if queue:
        audit.record(session, user, "bulk_email", "campaign", campaign.id, template=template.id, files=list(file_ids),
                     queued=sum(1 for plan in planned if not plan.problem),
                     refused=sum(1 for plan in planned if plan.problem))
    return planned
