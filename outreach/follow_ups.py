"""My follow-ups: the signed-in person's due and overdue follow-ups across campaigns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import Date, bindparam
from sqlmodel import Session, func, select

from outreach.db import get_session
from outreach.models import Campaign, PipelineEntry, Stage

bp = Blueprint("follow_ups", __name__, url_prefix="/follow-ups")


@dataclass
class FollowUp:
    entry: PipelineEntry
    campaign: Campaign
    stage: Stage
    name: str

    def days_overdue(self, today: date) -> int:
        return (today - self.entry.next_follow_up_on).days


def due_follow_ups(session: Session, user_id: int, today: date) -> list[FollowUp]:
    """Entries this user owns whose follow-up date is today or earlier, oldest first."""
    from outreach.campaigns.queries import blogger_labels

    rows = session.exec(
        select(PipelineEntry, Campaign, Stage)
        .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
        .join(Stage, Stage.id == PipelineEntry.stage_id)
        .where(
            PipelineEntry.owner_id == user_id,
            PipelineEntry.next_follow_up_on.is_not(None),
            PipelineEntry.next_follow_up_on <= today,
            Campaign.is_archived.is_(False),
        )
        .order_by(PipelineEntry.next_follow_up_on, PipelineEntry.id)
    ).all()
    labels = blogger_labels(session, [entry.blogger_id for entry, _, _ in rows])
    return [FollowUp(entry, campaign, stage, labels[entry.blogger_id][0]) for entry, campaign, stage in rows]


@bp.route("/")
def index():
    today = date.today()
    items = due_follow_ups(get_session(), current_user.id, today)
    return render_template("follow_ups/index.html", items=items, today=today)


# Built once: the count runs on every page, and building the statement cost as much as
# running it.
_COUNT_DUE = (
    select(func.count()).select_from(PipelineEntry)
    .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
    .where(PipelineEntry.owner_id == bindparam("user_id"),
           PipelineEntry.next_follow_up_on <= bindparam("today", type_=Date),
           Campaign.is_archived.is_(False))
)


def count_due(session: Session, user_id: int, today: date) -> int:
    """How many follow-ups this user has due today or overdue (the badge in the menu)."""
    # On the connection: the ORM's result handling cost a third of this, on every page.
    return session.connection().execute(_COUNT_DUE, {"user_id": user_id, "today": today}).scalar_one()


def inject_due_count():
    if not current_user.is_authenticated:
        return {}
    return {"due_follow_up_count": count_due(get_session(), current_user.id, date.today())}


def init_app(app) -> None:
    app.context_processor(inject_due_count)
