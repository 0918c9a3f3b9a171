"""Opening a mailbox's SMTP and IMAP connections in its TLS mode, certificates verified, with
every failure named by what failed: the address, TLS, the credentials or the folder."""

from __future__ import annotations

import imaplib
import smtplib
import socket
import ssl
from dataclasses import dataclass
from functools import lru_cache

from outreach.core.errors import Refused

TIMEOUT_SECONDS = 20


class MailConnectionError(Refused):
    """A mailbox connection failed; `part` says which step (address, tls, credentials, folder, server)."""

    def __init__(self, part: str, message: str) -> None:
        super().__init__(message)
        self.part = part


@dataclass(frozen=True)
class Endpoint:
    """Where and how to connect: one of a mailbox's two servers."""

    protocol: str  # "SMTP" or "IMAP"
    host: str
    port: int
    tls: str  # implicit, starttls, none
    plaintext_allowed: bool = False

    @property
    def where(self) -> str:
        return f"{self.protocol} server {self.host}:{self.port}"


@lru_cache(maxsize=8)
def tls_context(ca_file: str = "") -> ssl.SSLContext:
    """Certificates and host names verified, against the system's CAs and an optional extra file."""
    context = ssl.create_default_context()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


def refuse_plaintext(endpoint: Endpoint) -> None:
    if endpoint.tls == "none" and not endpoint.plaintext_allowed:
        raise MailConnectionError("tls", f"{endpoint.where}: connecting without TLS is not allowed for "
                                         f"{endpoint.host}; an admin can allow it for that host.")


def explain_network_error(endpoint: Endpoint, error: BaseException) -> MailConnectionError:
    """Turn a socket or TLS exception into a sentence naming the step that failed."""
    if isinstance(error, ssl.SSLCertVerificationError):
        return MailConnectionError("tls", f"{endpoint.where}: its TLS certificate is not trusted "
                                          f"({error.verify_message}).")
    if isinstance(error, ssl.SSLError):
        return MailConnectionError("tls", f"{endpoint.where}: the TLS handshake failed ({error.reason or error}); "
                                          "check the port and the TLS mode.")
    if isinstance(error, socket.gaierror):
        return MailConnectionError("address", f"{endpoint.where}: the host name cannot be found.")
    if isinstance(error, ConnectionRefusedError):
        return MailConnectionError("address", f"{endpoint.where}: nothing accepts connections there.")
    if isinstance(error, (socket.timeout, TimeoutError)):
        return MailConnectionError("address", f"{endpoint.where}: no answer within {TIMEOUT_SECONDS} s.")
    return MailConnectionError("server", f"{endpoint.where}: the connection failed ({type(error).__name__}: "
                                         f"{error}).")


def open_smtp(endpoint: Endpoint, username: str, password: str, ca_file: str = "") -> smtplib.SMTP:
    """An SMTP connection, secured as the mode says and logged in."""
    refuse_plaintext(endpoint)
    context = tls_context(ca_file)
    try:
        if endpoint.tls == "implicit":
            smtp = smtplib.SMTP_SSL(endpoint.host, endpoint.port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            smtp = smtplib.SMTP(endpoint.host, endpoint.port, timeout=TIMEOUT_SECONDS)
            if endpoint.tls == "starttls":
                smtp.ehlo()
                if not smtp.has_extn("starttls"):
                    smtp.close()
                    raise MailConnectionError("tls", f"{endpoint.where} does not offer STARTTLS.")
                smtp.starttls(context=context)
    except MailConnectionError:
        raise
    except (OSError, smtplib.SMTPException) as error:
        raise explain_network_error(endpoint, error) from None
    if username:
        try:
            smtp.login(username, password)
        except smtplib.SMTPAuthenticationError:
            smtp.close()
            raise MailConnectionError("credentials", f"{endpoint.where} refused the user name or password.") from None
        except smtplib.SMTPNotSupportedError:
            smtp.close()
            raise MailConnectionError("credentials", f"{endpoint.where} offers no way to log in here "
                                                     "(no AUTH; with STARTTLS it may need TLS first).") from None
        except (OSError, smtplib.SMTPException) as error:
            smtp.close()
            raise explain_network_error(endpoint, error) from None
    return smtp


def open_imap(endpoint: Endpoint, username: str, password: str, ca_file: str = "") -> imaplib.IMAP4:
    """An IMAP connection, secured as the mode says and logged in."""
    refuse_plaintext(endpoint)
    context = tls_context(ca_file)
    try:
        if endpoint.tls == "implicit":
            imap = imaplib.IMAP4_SSL(endpoint.host, endpoint.port, ssl_context=context, timeout=TIMEOUT_SECONDS)
        else:
            imap = imaplib.IMAP4(endpoint.host, endpoint.port, timeout=TIMEOUT_SECONDS)
            if endpoint.tls == "starttls":
                imap.starttls(ssl_context=context)
    except (OSError, imaplib.IMAP4.error) as error:
        if isinstance(error, imaplib.IMAP4.error) and "STARTTLS" in str(error):
            raise MailConnectionError("tls", f"{endpoint.where} does not offer STARTTLS.") from None
        raise explain_network_error(endpoint, error) from None
    try:
        imap.login(username, password)
    except imaplib.IMAP4.error:
        close_quietly(imap)
        raise MailConnectionError("credentials", f"{endpoint.where} refused the user name or password.") from None
    except OSError as error:
        close_quietly(imap)
        raise explain_network_error(endpoint, error) from None
    return imap


def select_inbox(imap: imaplib.IMAP4, endpoint: Endpoint) -> None:
    """Open INBOX read-only (reading never changes the mailbox: no flags set, nothing moved)."""
    status, _ = imap.select("INBOX", readonly=True)
    if status != "OK":
        raise MailConnectionError("folder", f"{endpoint.where}: the folder INBOX cannot be opened.")


def close_quietly(imap: imaplib.IMAP4) -> None:
    """Log out; on a broken connection, just close the socket."""
    try:
        imap.logout()
    except (OSError, imaplib.IMAP4.error, imaplib.IMAP4.abort):
        try:
            imap.shutdown()
        except OSError:
            pass
