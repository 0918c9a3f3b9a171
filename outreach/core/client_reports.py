"""A campaign's report for the brand: a private address a manager hands to the client, showing
what the campaign won (its numbers and each coverage post with its measures) and nothing of the
team's own (no addresses, notes, names of staff or bloggers' contact details)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from outreach.core.models import Campaign
from outreach.core.reports import ReportFilter, pipeline_report
from outreach.core.tokens import hash_to_look_up, new_secret

TOKEN_PREFIX = "orep_"


def new_share_token(session: Session, campaign: Campaign) -> str:
    """A new private address for the campaign's report; the one before stops working. Only its
    hash is kept. The caller commits."""
    token, campaign.share_token_hash = new_secret(TOKEN_PREFIX)
    session.add(campaign)
    return token


def stop_sharing(session: Session, campaign: Campaign) -> None:
    campaign.share_token_hash = ""
    session.add(campaign)


def campaign_for_share_token(session: Session, token: str) -> Campaign | None:
    """The campaign whose report address this is, or None (stopped, mistyped or made up)."""
    digest = hash_to_look_up(token, TOKEN_PREFIX)
    return session.exec(select(Campaign).where(Campaign.share_token_hash == digest)).first() if digest else None


@dataclass
class ClientReport:
    """What the brand sees: the campaign, its numbers to date, and the coverage it won."""

    campaign: Campaign
    as_of: date
    start: date | None = None  # the days it covers; None: from the start, to date
    end: date | None = None
    bloggers: int = 0
    pitched: int = 0
    replied: int = 0
    won: int = 0
    coverage: list[dict] = field(default_factory=list)
    comments: int = 0
    shares: int = 0
    likes: int = 0
    economic_value: Decimal = Decimal("0")
    posts_published: int = 0  # agreed posts (deliverables) published in the days
    posts_to_come: int = 0  # agreed and not yet published
    posts_late: int = 0


def client_report(session: Session, campaign: Campaign, today: date, start: date | None = None,
                  end: date | None = None) -> ClientReport:
    """The campaign's numbers from the dashboard's own report (one source for both), of the days
    from `start` to `end` when given (a month's report), newest coverage first."""
    report = pipeline_report(session, ReportFilter(campaign_id=campaign.id, start=start, end=end), today)
    coverage = sorted(report.coverage, key=lambda row: row["confirmed_on"], reverse=True)
    return ClientReport(
        campaign=campaign, as_of=today, start=start, end=end, bloggers=report.entries, pitched=report.pitched, replied=report.replied,
        won=report.won, coverage=coverage,
        comments=sum(row["comments"] or 0 for row in coverage), shares=sum(row["shares"] or 0 for row in coverage),
        likes=sum(row["likes"] or 0 for row in coverage),
        economic_value=sum((row["economic_value"] or Decimal("0") for row in coverage), Decimal("0")),
        posts_published=report.posts_published, posts_to_come=report.posts_agreed, posts_late=report.posts_late)
