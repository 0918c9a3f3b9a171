"""A blogger's own "stop emailing me": a signed link in each email we send (and its one-click
List-Unsubscribe header, RFC 8058) that puts them on the do-not-contact list at once and
cancels whatever was waiting to go to them."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any, Mapping

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func
from sqlmodel import Session, select

from outreach.core.alerts import alert
from outreach.core.db import is_row_id
from outreach.core.do_not_contact import mark_do_not_contact
from outreach.core.models import Blogger, ContactDetail, OutboxMessage, PipelineEntry, User, utcnow
from outreach.core.system_mail import app_link
from outreach.core.users import active_admins

PATH = "/mail/opt-out/"
LINE = "If you would rather not hear from us again: {link}"
WAITING = ("queued", "scheduled", "paused")


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt="outreach-opt-out")


def opt_out_token(secret_key: str, message_row_id: int, blogger_id: int) -> str:
    """Signed, and never expiring: a person may act on an old email (the law asks that it work at
    least 30 days, and nobody is harmed by it working longer). It names the email and the blogger
    by their ids alone: the address stays out of the link, and so out of every log it passes."""
    return _serializer(secret_key).dumps({"m": message_row_id, "b": blogger_id})


def link_target(session: Session, secret_key: str, token: str) -> tuple[Blogger | None, str] | None:
    """Whom a link stops, and the address it was sent to ("" when no longer known); None for a link
    that is not ours. The email's card leads to its blogger, merged or not; without the email (its
    campaign deleted), the blogger it was sent to. Links that carried the address still work."""
    try:
        data = _serializer(secret_key).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("b"), int):
        return None
    if isinstance(data.get("a"), str):  # the first links' form: the blogger and the address
        return blogger_for_link(session, data["b"], data["a"]), data["a"]
    if not isinstance(data.get("m"), int):
        return None
    row = session.get(OutboxMessage, data["m"]) if is_row_id(data["m"]) else None
    entry = session.get(PipelineEntry, row.entry_id) if row is not None else None
    if entry is not None:
        return session.get(Blogger, entry.blogger_id), row.to_address
    return (session.get(Blogger, data["b"]) if is_row_id(data["b"]) else None), ""


def opt_out_mode(settings: Mapping[str, Any]) -> str:
    """How our emails carry the link: "header", "line", or "" when they carry none (the team turned
    it off, or the app has no address of its own, OUTREACH_BASE_URL, to link to)."""
    mode = settings.get("MAIL_OPT_OUT", "header")
    return mode if mode != "off" and settings.get("BASE_URL") and settings.get("SECRET_KEY") else ""


def opt_out_link(settings: Mapping[str, Any], row: OutboxMessage, blogger_id: int) -> str:
    """The full address of the link for this message, or "" when emails carry none."""
    if not opt_out_mode(settings):
        return ""
    return app_link(settings, PATH + opt_out_token(settings["SECRET_KEY"], row.id, blogger_id))


def add_opt_out(message: EmailMessage, link: str, settings: Mapping[str, Any]) -> None:
    """The one-click headers, and with MAIL_OPT_OUT=line a last line in the text too."""
    if not link:
        return
    # Raw, so that transmit writes the address whole on one line: folded by the email package, a
    # URL longer than a line becomes encoded words that no mail app reads as a link.
    message.set_raw("List-Unsubscribe", f"<{link}>")
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if opt_out_mode(settings) == "line":
        text = message.get_content().rstrip("\n")
        message.set_content(f"{text}\n\n{LINE.format(link=link)}\n")


def blogger_for_link(session: Session, blogger_id: int, address: str) -> Blogger | None:
    """The blogger the link was made for, or, after a merge moved their address, its new holder."""
    blogger = session.get(Blogger, blogger_id)
    if blogger is not None:
        return blogger
    holder = session.exec(select(ContactDetail.blogger_id).where(
        ContactDetail.kind == "email", func.lower(ContactDetail.value) == address.lower())).first()
    return session.get(Blogger, holder) if holder else None


def opt_out(session: Session, settings: Mapping[str, Any], blogger: Blogger | None,
            address: str) -> list[EmailMessage | None]:
    """Put the blogger on the do-not-contact list, cancel what waits to go to them, and tell the
    owners of their cards (or the admins); the caller commits and sends the emails returned. A
    second use of the link, or one for a blogger no longer stored, changes nothing."""
    if blogger is None or blogger.do_not_contact:
        return []
    email = f"our email to {address}" if address else "one of our emails"
    reason = f"Asked by the link in {email} on {utcnow():%Y-%m-%d}."
    mark_do_not_contact(session, None, blogger, reason, via="opt_out_link")
    entries = session.exec(select(PipelineEntry).where(PipelineEntry.blogger_id == blogger.id)).all()
    waiting = session.exec(select(OutboxMessage).where(OutboxMessage.entry_id.in_([entry.id for entry in entries]),
                                                       OutboxMessage.status.in_(WAITING))).all()
    for row in waiting:
        row.status, row.last_error = "cancelled", "Cancelled: the blogger opted out with the link in an email."
        session.add(row)
    return [alert(session, settings, user, "do_not_contact",
                  f"{blogger.name or address or 'A blogger'} opted out of our emails",
                  f"They used the link in {email}: they are on the do-not-contact list now"
                  + (f", and {len(waiting)} waiting email(s) to them were cancelled." if waiting else "."),
                  f"/bloggers/{blogger.id}/")
            for user in people_to_tell(session, entries)]


def people_to_tell(session: Session, entries: list[PipelineEntry]) -> list[User]:
    """The active owners of the blogger's cards, else the active admins."""
    owner_ids = {entry.owner_id for entry in entries if entry.owner_id}
    owners = session.exec(select(User).where(User.id.in_(owner_ids), User.is_active)).all() if owner_ids else []
    if owners:
        return list(owners)
    return active_admins(session)
