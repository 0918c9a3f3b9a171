"""Rows and settings for the mail tests: a key, a mailbox on the local servers, an entry with
an email address."""

from __future__ import annotations

from sqlmodel import Session

from outreach.core.mail.mailboxes import save_mailbox
from outreach.core.mail.secrets import make_key
from outreach.core.models import ContactDetail, Mailbox, PlaintextHost, User
from tests.factories import make_campaign_with_entries

KEY = make_key()
IMAP_PASSWORD = "imap secret"


def mail_settings(**more) -> dict:
    return {"MAIL_KEY": KEY, "MAIL_CA_FILE": "", "MAIL_MAX_MESSAGE_MB": 10, "MAIL_READ_INTERVAL_MINUTES": 5,
            "PITCH_GUARD_DAYS": 30, "SMTP_HOST": "", **more}


def make_mailbox(session: Session, user: User, *, smtp_port: int, imap_port: int | None = None,
                 tls: str = "none", password: str = IMAP_PASSWORD, username: str = "pr@example.test",
                 **fields) -> Mailbox:
    """A mailbox of the user on 127.0.0.1; plaintext allowed for it when tls is "none"."""
    if tls == "none":
        session.merge(PlaintextHost(host="127.0.0.1"))
    mailbox = Mailbox(name="Press", email_address="pr@example.test", display_name="PR Team",
                      smtp_host="127.0.0.1", smtp_port=smtp_port, smtp_tls=tls,
                      imap_host="127.0.0.1" if imap_port else "", imap_port=imap_port or 993, imap_tls=tls,
                      username=username, window_start_hour=0, window_end_hour=24, **fields)
    save_mailbox(session, user, mailbox, password, KEY)
    session.commit()
    return mailbox


def entries_with_addresses(session: Session, user: User, names=("Maya Pour", "Leo Trail")):
    """A campaign whose bloggers each have an email address, <first name>@blog.example."""
    campaign, entries = make_campaign_with_entries(session, user.id, names=names)
    for entry, name in zip(entries, names):
        session.add(ContactDetail(blogger_id=entry.blogger_id, kind="email",
                                  value=f"{name.split()[0].lower()}@blog.example", found_by="entered by hand"))
    session.commit()
    return campaign, entries


def sender_and_entry(engine, user_id: int, smtp_port: int) -> int:
    """A mailbox of the user and a campaign of Maya and Leo with their addresses; returns Maya's entry id."""
    with Session(engine) as session:
        user = session.get(User, user_id)
        make_mailbox(session, user, smtp_port=smtp_port)
        _, (maya, _) = entries_with_addresses(session, user)
        return maya.id
