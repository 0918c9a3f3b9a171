"""The SMTP and IMAP servers of the mail services people use most, by their addresses' domain, so that
connecting a mailbox is typing an address and a password (the servers as each service publishes them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownServers:
    service: str
    smtp: tuple[str, int, str]  # host, port, TLS mode
    imap: tuple[str, int, str]
    note: str = ""  # what the person needs besides (an app password), or a better way (signing in)
    files_sent_mail: bool = False  # its SMTP server puts what it sends in the Sent folder itself


APP_PASSWORD = "it takes an app password, made in the account's security settings, not the account's own"
SERVICES = {
    "gmail": KnownServers("Gmail", ("smtp.gmail.com", 465, "implicit"), ("imap.gmail.com", 993, "implicit"),
                          f"with two-step verification on, {APP_PASSWORD}; or use Sign in with Google",
                          files_sent_mail=True),
    "fastmail": KnownServers("Fastmail", ("smtp.fastmail.com", 465, "implicit"), ("imap.fastmail.com", 993, "implicit"),
                             APP_PASSWORD),
    "icloud": KnownServers("iCloud Mail", ("smtp.mail.me.com", 587, "starttls"), ("imap.mail.me.com", 993, "implicit"),
                           APP_PASSWORD),
    "yahoo": KnownServers("Yahoo Mail", ("smtp.mail.yahoo.com", 465, "implicit"),
                          ("imap.mail.yahoo.com", 993, "implicit"), APP_PASSWORD),
    "aol": KnownServers("AOL Mail", ("smtp.aol.com", 465, "implicit"), ("imap.aol.com", 993, "implicit"),
                        APP_PASSWORD),
    "zoho": KnownServers("Zoho Mail", ("smtp.zoho.com", 465, "implicit"), ("imap.zoho.com", 993, "implicit"),
                         "with two-factor authentication on, " + APP_PASSWORD),
    "gmx": KnownServers("GMX", ("mail.gmx.net", 587, "starttls"), ("imap.gmx.net", 993, "implicit"),
                        "IMAP and SMTP are switched on in its settings first"),
    "webde": KnownServers("WEB.DE", ("smtp.web.de", 587, "starttls"), ("imap.web.de", 993, "implicit"),
                          "IMAP and SMTP are switched on in its settings first"),
    "outlook": KnownServers("Outlook.com", ("smtp-mail.outlook.com", 587, "starttls"),
                            ("outlook.office365.com", 993, "implicit"),
                            "Microsoft no longer takes passwords for IMAP: use Sign in with Microsoft",
                            files_sent_mail=True),
}
DOMAINS = {
    "gmail.com": "gmail", "googlemail.com": "gmail",
    "fastmail.com": "fastmail", "fastmail.fm": "fastmail",
    "icloud.com": "icloud", "me.com": "icloud", "mac.com": "icloud",
    "yahoo.com": "yahoo", "yahoo.co.uk": "yahoo", "yahoo.fr": "yahoo", "yahoo.de": "yahoo", "ymail.com": "yahoo",
    "aol.com": "aol",
    "zoho.com": "zoho", "zohomail.com": "zoho",
    "gmx.net": "gmx", "gmx.de": "gmx", "gmx.at": "gmx", "gmx.ch": "gmx",
    "web.de": "webde",
    "outlook.com": "outlook", "hotmail.com": "outlook", "live.com": "outlook", "msn.com": "outlook",
}


def servers_for(address: str) -> KnownServers | None:
    """The servers of the service the address is at, when it is a known one."""
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    return SERVICES.get(DOMAINS.get(domain, ""))
