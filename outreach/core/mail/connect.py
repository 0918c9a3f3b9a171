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


@dataclass(frozen=True)
class Login:
    """Who logs in and with what: a password, or an OAuth 2.0 access token (sent as XOAUTH2)."""

    username: str
    secret: str
    bearer: bool = False

    @property
    def xoauth2(self) -> str:
        """The XOAUTH2 initial response that Gmail, Outlook and Dovecot take."""
        return f"user={self.username}\x01auth=Bearer {self.secret}\x01\x01"


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


def open_smtp(endpoint: Endpoint, login: Login, ca_file: str = "") -> smtplib.SMTP:
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
    if login.username:
        try:
            if login.bearer:
                smtp.ehlo_or_helo_if_needed()
                # After a refusal the server sends a challenge (the reasons, in JSON) and waits for an empty line.
                smtp.auth("XOAUTH2", lambda challenge=None: login.xoauth2 if challenge is None else "")
            else:
                smtp.login(login.username, login.secret)
        except smtplib.SMTPAuthenticationError as error:
            smtp.close()
            raise MailConnectionError("credentials", refused_login(endpoint, login, error.smtp_error)) from None
        except smtplib.SMTPNotSupportedError:
            smtp.close()
            raise MailConnectionError("credentials", f"{endpoint.where} offers no way to log in here "
                                                     "(no AUTH; with STARTTLS it may need TLS first).") from None
        except (OSError, smtplib.SMTPException) as error:
            smtp.close()
            raise explain_network_error(endpoint, error) from None
    return smtp


def open_imap(endpoint: Endpoint, login: Login, ca_file: str = "") -> imaplib.IMAP4:
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
        if login.bearer:
            answers = iter((login.xoauth2.encode(), b""))  # then an empty line after a refusal's challenge
            imap.authenticate("XOAUTH2", lambda challenge: next(answers, None))
        else:
            imap.login(login.username, login.secret)
    except imaplib.IMAP4.error as error:
        close_quietly(imap)
        raise MailConnectionError("credentials", refused_login(endpoint, login, str(error).encode())) from None
    except OSError as error:
        close_quietly(imap)
        raise explain_network_error(endpoint, error) from None
    return imap


def refused_login(endpoint: Endpoint, login: Login, answer: bytes) -> str:
    """What a refused login says; for an access token, the server's own reason (a tenant that turned
    SMTP logins off, a scope missing), which is what an admin needs to mend it."""
    if not login.bearer:
        return f"{endpoint.where} refused the user name or password."
    reason = answer.decode("utf-8", "replace").strip()[:300]
    return (f"{endpoint.where} refused the mailbox's access for {login.username}"
            + (f" ({reason})" if reason else "") + ".")


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
