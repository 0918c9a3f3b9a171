"""Handing one message to an SMTP server step by step (MAIL, RCPT, DATA), so that a connection that
breaks before the data (safe to try again) is told apart from one that breaks after it (the
server may have accepted the message)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.policy import SMTPUTF8 as SMTPUTF8_POLICY

# Headers set raw (opt_out's one-click address, longer than a line) go as they are; those set the
# usual way are folded as ever.
WIRE = SMTP_POLICY.clone(refold_source="none")
WIRE_UTF8 = SMTPUTF8_POLICY.clone(refold_source="none")


class NeedsSMTPUTF8(Exception):
    """An address with characters beyond ASCII in its name part, and a server that cannot take it."""


class HandedOver(Exception):
    """The connection broke after the message's data went to the server: it may have been accepted."""


def transmit(smtp: smtplib.SMTP, sender: str, recipient: str, message: EmailMessage) -> bytes:
    """MAIL, RCPT and DATA one by one, so that a break before the data (safe to retry) is told apart
    from a break after it (the server may have the message: never retried by itself); returns the
    bytes that went."""
    smtp.ehlo_or_helo_if_needed()
    # Addresses beyond ASCII (after compose.envelope_address) go only with SMTPUTF8 (RFC 6531),
    # their headers then in UTF-8 (RFC 6532): never as encoded words, which no one could answer.
    international = not (sender + recipient).isascii()
    if international and not smtp.has_extn("smtputf8"):
        raise NeedsSMTPUTF8(f"the mail server does not take addresses with characters beyond ASCII "
                            f"(it has no SMTPUTF8), so {recipient if not recipient.isascii() else sender} "
                            "cannot be written to from this mailbox")
    code, answer = smtp.mail(sender, ["SMTPUTF8"] if international else [])
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPSenderRefused(code, answer, sender)
    code, answer = smtp.rcpt(recipient)
    if code not in (250, 251):
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused({recipient: (code, answer)})
    data = message.as_bytes(policy=WIRE_UTF8 if international else WIRE)
    try:
        code, answer = smtp.data(data)
    except (OSError, smtplib.SMTPServerDisconnected) as error:
        raise HandedOver(type(error).__name__) from None
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPDataError(code, answer)
    return data
