"""A mailbox whose logins begin to be refused (a password changed, access withdrawn at the provider,
the mail key changed): when it began is kept on the mailbox, and its owner (the admins, for the
team's) is told once, since until it is mended nothing goes out from it and no reply is read."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from typing import Any, Mapping

from sqlmodel import Session

from outreach.core.alerts import alert
from outreach.core.mail.connect import MailConnectionError
from outreach.core.mail.secrets import MailKeyMissing, MailKeyWrong
from outreach.core.models import Mailbox, User
from outreach.core.users import active_admins


def refuses_login(error: BaseException) -> bool:
    """Whether the error means the mailbox cannot log in at all (not a server that is down)."""
    return isinstance(error, (MailKeyMissing, MailKeyWrong)) or (
        isinstance(error, MailConnectionError) and error.part == "credentials")


def logged_in(session: Session, mailbox: Mailbox) -> None:
    """A login worked: whatever refusal there was is over."""
    if mailbox.login_refused_at is not None:
        mailbox.login_refused_at = None
        session.add(mailbox)


def login_refused(session: Session, settings: Mapping[str, Any], mailbox: Mailbox, error: BaseException,
                  now: datetime, *, tell: bool = True) -> list[EmailMessage | None]:
    """Note a refused login; when it is the first since logins worked, alert who must mend it (not when
    they are testing the connection themselves). Returns the alerts' emails, to send after the commit."""
    if not refuses_login(error) or mailbox.login_refused_at is not None:
        return []
    mailbox.login_refused_at = now
    session.add(mailbox)
    if not tell:
        return []
    return [alert(session, settings, person, "mailbox_refused", f"{mailbox.email_address} cannot log in"[:500],
                  f"{error} Until it is mended, no email goes out from it and no reply is read.", "/mail/")
            for person in people_to_tell(session, mailbox)]


def people_to_tell(session: Session, mailbox: Mailbox) -> list[User]:
    """The mailbox's owner while active, else (the team's mailbox, or a departed owner's) the active admins."""
    owner = session.get(User, mailbox.owner_id) if mailbox.owner_id else None
    if owner is not None and owner.is_active:
        return [owner]
    return active_admins(session)
