"""What the mail pages read: an entry's thread, the queue, a campaign's steps."""

from __future__ import annotations

from flask import abort
from sqlmodel import Session, select

from outreach.core.access import can_manage
from outreach.core.campaign_files import attachments_of
from outreach.core.mail.outbox import pending_rows
from outreach.core.mail.parse import MAX_FILE_BYTES
from outreach.core.mail.reply_files import files_of_replies
from outreach.core.mail.sequences import campaign_steps
from outreach.core.mail.speed import response_medians
from outreach.core.models import (
    Blog,
    Blogger,
    Campaign,
    CampaignMember,
    Mailbox,
    OutboxMessage,
    PipelineEntry,
    Post,
    Reply,
    User,
)
from outreach.core.reports import ReportFilter
from outreach.web.db import get_session


def entry_mail(entry_id: int) -> dict:
    """The entry page's mail panel: its messages (with failures and the files they carry) and the
    replies read back (with theirs)."""
    session = get_session()
    messages = pending_rows(session, entry_id)
    replies = session.exec(select(Reply).where(Reply.entry_id == entry_id, Reply.message_id != "")
                           .order_by(Reply.received_at.desc())).all()
    return {
        "messages": messages,
        "attachments": attachments_of(session, [row.id for row in messages]),
        "replies": replies,
        "reply_files": files_of_replies(session, [reply.id for reply in replies]),
        "largest_kept": MAX_FILE_BYTES,
    }


def answer_medians(report_filter: ReportFilter) -> dict:
    """The dashboard's response speed, under its filters: our median answer time beside their
    median first reply."""
    return response_medians(get_session(), report_filter)


LATELY = 5  # posts shown beside a pitch being written


def written_lately(session: Session, blogger_id: int, limit: int = LATELY) -> list:
    """The blogger's newest posts on any channel (title, address, date, channel), for a pitch that shows
    it was read: what outreach staff look up in another tab otherwise."""
    return list(session.exec(
        select(Post.title, Post.url, Post.published_at, Blog.title.label("channel"), Blog.platform)
        .join(Blog, Blog.id == Post.blog_id).where(Blog.blogger_id == blogger_id)
        .order_by(Post.published_at.desc().nulls_last(), Post.id.desc()).limit(limit)).all())


def queue_rows(session: Session, user: User, statuses: tuple[str, ...]):
    """(message, entry, blogger, campaign, mailbox) of what is queued, soonest first, that the person may see."""
    statement = (select(OutboxMessage, PipelineEntry, Blogger, Campaign, Mailbox)
                 .join(PipelineEntry, PipelineEntry.id == OutboxMessage.entry_id)
                 .join(Blogger, Blogger.id == PipelineEntry.blogger_id)
                 .join(Campaign, Campaign.id == PipelineEntry.campaign_id)
                 .join(Mailbox, Mailbox.id == OutboxMessage.mailbox_id)
                 .where(OutboxMessage.status.in_(statuses))
                 .order_by(OutboxMessage.send_after).limit(500))
    if not can_manage(user):
        statement = statement.join(CampaignMember, CampaignMember.campaign_id == Campaign.id).where(
            CampaignMember.user_id == user.id)
    return session.exec(statement).all()


def get_message_or_404(session: Session, message_id: int, user: User) -> OutboxMessage:
    """A queued message the person may change (their campaign's), else 404/403."""
    from outreach.web.campaigns.queries import get_entry_or_404

    row = session.get(OutboxMessage, message_id)
    if row is None:
        abort(404)
    get_entry_or_404(session, row.entry_id, user)
    return row


__all__ = ["answer_medians", "campaign_steps", "entry_mail", "get_message_or_404", "queue_rows"]
