"""Asking a blogger for the address a sample goes to: a private link (the link is the credential,
as with the brand's report) opens a form of their own without an account; what they give fills the
planned sample, and the people working them hear of it. No one types an address from an email again."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

from sqlmodel import Session, select

from outreach.core import audit
from outreach.core.alerts import alert
from outreach.core.bloggers import blogger_labels
from outreach.core.cards import cards_changed
from outreach.core.errors import Refused
from outreach.core.event_hooks import emit_for_entry
from outreach.core.models import Blogger, Campaign, Note, OutboxMessage, PipelineEntry, Sample, User, utcnow
from outreach.core.pitch_templates import fill, placeholders
from outreach.core.sanitize import strip_control
from outreach.core.stages import refuse_if_do_not_contact
from outreach.core.system_mail import app_link
from outreach.core.tokens import hash_to_look_up, hash_token, new_secret

TOKEN_PREFIX = "adr_"
ADDRESS_PATH = "/campaigns/address/"  # the blogger's page (the web's campaigns.give_address_page)
ADDRESS_LINK = "address_link"  # the merge field that sends the link in an email
LINK_LASTS = timedelta(days=30)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MAX_ADDRESS = 2000  # Sample.shipping_address
MAX_NOTE = 1000


class AddressRefused(Refused):
    """The address was not asked for or not taken; the message says why."""


@dataclass(frozen=True)
class AddressRequest:
    """What the blogger's form shows: only what they need, nothing of the team's own."""

    sample: Sample
    brand: str
    blogger_name: str


def ask_for_address(session: Session, user: User, sample: Sample, key: str = "") -> str:
    """A new private link for the planned sample's address (the one before stops working); the
    link's secret is returned once and only its hash kept. With the app's `key`, the secret is one
    emails can make again while the link lasts (emailed_secret). The caller commits."""
    if sample.status != "planned":
        raise AddressRefused(f"This sample is {sample.status}: its address is no longer asked for.")
    entry = session.get(PipelineEntry, sample.entry_id)
    refuse_if_do_not_contact(session.get(Blogger, entry.blogger_id), "their address was not asked for")
    sample.address_asked_at = utcnow()
    token = emailed_secret(key, sample) if key else new_secret(TOKEN_PREFIX)[0]
    sample.address_token_hash = hash_token(token)
    session.add(sample)
    audit.record(session, user, "asked_address", "sample", sample.id, entry_id=entry.id)
    return token


def emailed_secret(key: str, sample: Sample) -> str:
    """The secret of a sample's link: made from the app's key, the sample and when it was asked, so
    that an email's {{ address_link }} gives the link already made (by the pitch, or by a person
    who copied it into a message of their own), not a new one that stops it."""
    asked = (sample.address_asked_at - EPOCH) // timedelta(microseconds=1)  # exact: asking again is another link
    digest = hmac.new(key.encode(), f"address link:{sample.id}:{asked}".encode(), hashlib.sha256).digest()
    return TOKEN_PREFIX + base64.urlsafe_b64encode(digest[:24]).decode("ascii")


def live_link_secret(key: str, sample: Sample) -> str | None:
    """The secret of the link made for the sample (by an email, or on the page), while it still
    works; None for none, or for one made without the app's key."""
    if not (key and sample.address_token_hash and sample.address_asked_at) or link_expired(sample):
        return None
    secret = emailed_secret(key, sample)
    return secret if hmac.compare_digest(hash_token(secret), sample.address_token_hash) else None


def link_expired(sample: Sample) -> bool:
    return sample.address_asked_at + LINK_LASTS < utcnow()


def stop_asking(session: Session, user: User, sample: Sample) -> None:
    """The link stops working (sent to the wrong person). The caller commits."""
    sample.address_token_hash = ""
    session.add(sample)
    audit.record(session, user, "stopped_asking_address", "sample", sample.id, entry_id=sample.entry_id)


def planned_sample(session: Session, entry_id: int) -> Sample | None:
    """The entry's newest planned sample: the one an email's {{ address_link }} asks the address of."""
    return session.exec(select(Sample).where(Sample.entry_id == entry_id, Sample.status == "planned")
                        .order_by(Sample.id.desc())).first()


def fill_address_link(session: Session, settings: Mapping[str, Any], row: OutboxMessage) -> str:
    """As an email goes, its {{ address_link }} becomes the link already made for the entry's planned
    sample (by an earlier email, or on the page) while that works, else a new link (the one before
    stops working); returns why it cannot, or "". The caller commits."""
    if ADDRESS_LINK not in placeholders(f"{row.subject}\n{row.body}"):
        return ""
    sample = planned_sample(session, row.entry_id)
    if sample is None:
        return ("Not sent: {{ address_link }} gives them a link for a planned sample's address, and none is planned "
                "now: record the sample, then send it again.")
    if not settings.get("BASE_URL"):
        return ("Not sent: {{ address_link }} needs the app's public address (OUTREACH_BASE_URL) to make a link "
                "they can open.")
    key = settings.get("SECRET_KEY") or ""
    token = live_link_secret(key, sample)
    if token is None:
        try:
            token = ask_for_address(session, session.get(User, row.created_by_id or 0), sample, key)
        except Refused as error:
            return f"Not sent: {error}"
    link = {ADDRESS_LINK: app_link(settings, ADDRESS_PATH + token)}
    row.subject, row.body = fill(row.subject, link), fill(row.body, link)
    return ""


def request_for_token(session: Session, token: str) -> AddressRequest | None:
    """The request a link opens; None for a made-up, stopped or expired link, a sample sent since, or a
    campaign archived since."""
    digest = hash_to_look_up(token, TOKEN_PREFIX)
    sample = session.exec(select(Sample).where(Sample.address_token_hash == digest)).first() if digest else None
    if sample is None or sample.status != "planned" or link_expired(sample):
        return None
    entry = session.get(PipelineEntry, sample.entry_id)
    campaign = session.get(Campaign, entry.campaign_id)
    if campaign.is_archived:  # read-only: nothing of it changes, a blogger's address neither
        return None
    name = blogger_labels(session, [entry.blogger_id])[entry.blogger_id][0]
    return AddressRequest(sample, campaign.brand or campaign.name, name)


def give_address(session: Session, settings: Mapping[str, Any], request: AddressRequest, name: str, address: str,
                 note: str = "") -> list:
    """The blogger's address fills the sample (again, until it is sent); a note of theirs (a size, a
    colour) goes on the entry; the entry's owner, else the sample's recorder, hears of it. Returns
    the alert emails to send. The caller commits."""
    name, address, note = (strip_control(value or "").strip() for value in (name, address, note))
    address = "\n".join(line.strip() for line in address.splitlines() if line.strip())  # a browser sends CRLF
    if not address:
        raise AddressRefused("Write the address the parcel goes to.")
    given = f"{name}\n{address}" if name else address
    if len(given) > MAX_ADDRESS or len(note) > MAX_NOTE:
        raise AddressRefused(f"That is longer than an address: at most {MAX_ADDRESS:,} characters, and "
                             f"{MAX_NOTE:,} for the note.")
    sample = request.sample
    sample.shipping_address, sample.address_given_at = given, utcnow()
    session.add(sample)
    entry = session.get(PipelineEntry, sample.entry_id)
    if note:
        session.add(Note(blogger_id=entry.blogger_id, entry_id=entry.id,
                         body=f"{request.blogger_name} with their address for {sample.item}: {note}"))
    cards_changed(session, [entry.id])
    audit.record(session, None, "gave_address", "sample", sample.id, entry_id=entry.id)
    emit_for_entry(session, "address.given", entry, sample={"id": sample.id, "item": sample.item,
                                                            "quantity": sample.quantity, "shipping_address": given,
                                                            "note": note})
    told = session.get(User, entry.owner_id or sample.created_by_id or 0)
    if told is None or not told.is_active:
        return []
    return [alert(session, settings, told, "address", f"{request.blogger_name} gave the address for {sample.item}",
                  given, f"/campaigns/entries/{entry.id}/#samples")]
