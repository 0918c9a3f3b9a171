"""Handing one message to an SMTP server step by step (MAIL, RCPT, DATA), so that a connection that
breaks before the data (safe to try again) is told apart from one that breaks after it (the
server may have accepted the message)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY


class HandedOver(Exception):
    """The connection broke after the message's data went to the server: it may have been accepted."""


def transmit(smtp: smtplib.SMTP, sender: str, recipient: str, message: EmailMessage) -> None:
    """MAIL, RCPT and DATA one by one, so that a break before the data (safe to retry) is told apart
    from a break after it (the server may have the message: never retried by itself)."""
    smtp.ehlo_or_helo_if_needed()
    options = ["SMTPUTF8"] if not (sender + recipient).isascii() and smtp.has_extn("smtputf8") else []
    code, answer = smtp.mail(sender, options)
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPSenderRefused(code, answer, sender)
    code, answer = smtp.rcpt(recipient)
    if code not in (250, 251):
        smtp.rset()
        raise smtplib.SMTPRecipientsRefused({recipient: (code, answer)})
    data = message.as_bytes(policy=SMTP_POLICY)
    try:
        code, answer = smtp.data(data)
    except (OSError, smtplib.SMTPServerDisconnected) as error:
        raise HandedOver(type(error).__name__) from None
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPDataError(code, answer)
