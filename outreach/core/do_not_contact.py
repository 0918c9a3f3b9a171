"""The team's do-not-contact list: putting a blogger on it (anyone may), with the reason."""

from __future__ import annotations

from sqlmodel import Session

from outreach.core import audit
from outreach.core.cards import blogger_cards_changed
from outreach.core.errors import Refused
from outreach.core.models import Blogger, User, limits_of, utcnow


class AlreadyListed(Refused):
    """The blogger is on the list already; nothing changed."""


def mark_do_not_contact(session: Session, user: User | None, blogger: Blogger, reason: str, via: str = "web") -> None:
    """Put a blogger on the do-not-contact list; every contact path refuses them from then on. No
    user: the blogger asked themselves (the link in our emails)."""
    if blogger.do_not_contact:
        raise AlreadyListed(f"{blogger.name or 'This blogger'} is already on the do-not-contact list.")
    reason = (reason or "").strip()[: limits_of(Blogger, "do_not_contact_reason").max_length]
    blogger.do_not_contact = True
    blogger.do_not_contact_reason = reason
    blogger.relationship_status = "do_not_contact"
    blogger.updated_at = utcnow()
    session.add(blogger)
    blogger_cards_changed(session, blogger.id)
    audit.record(session, user, "added_do_not_contact", "blogger", blogger.id, reason=reason, via=via)


def remove_from_do_not_contact(session: Session, user: User, blogger: Blogger) -> None:
    """Take a blogger off the list (an admin's decision): they may be contacted again, as Cold."""
    blogger.do_not_contact = False
    blogger.do_not_contact_reason = ""
    if blogger.relationship_status == "do_not_contact":
        blogger.relationship_status = "cold"
    blogger.updated_at = utcnow()
    session.add(blogger)
    blogger_cards_changed(session, blogger.id)
    audit.record(session, user, "removed_do_not_contact", "blogger", blogger.id)
