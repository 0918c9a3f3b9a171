"""Domains the team never emails (a competitor's network, a brand's request): no email from the
app goes to an address at one of them or at one of its subdomains."""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from outreach.core import audit
from outreach.core.errors import Refused
from outreach.core.models import BlockedDomain, User, limits_of

# Labels of letters, digits and hyphens, at least two of them: "com" alone would block a country.
DOMAIN = re.compile(r"(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


class DomainRefused(Refused):
    """The domain cannot be blocked or unblocked as asked; the message says why."""


def _ascii_host(host: str) -> str:
    """A host in its IDNA (xn--) form, lower case and without a trailing dot; "" when it has none."""
    host = host.strip().lower().rstrip(".")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return ""


def normalise_domain(typed: str) -> str:
    """The domain a person typed (a domain, an address at it, or a link to it), as it is stored:
    lower case, IDNA form, without "www."; refuses what is not a domain."""
    text = typed.strip()
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    if "/" in text:
        text = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    domain = _ascii_host(text)
    domain = domain[4:] if domain.startswith("www.") else domain
    if not DOMAIN.fullmatch(domain):
        shown = typed.strip()[:80]
        raise DomainRefused(f"{shown!r} is not a domain: write it as example.com." if shown else "Write a domain.")
    return domain


def _domain_and_parents(host: str) -> list[str]:
    """news.example.co.uk -> news.example.co.uk, example.co.uk, co.uk (the TLD alone is never stored)."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def blocks_of(session: Session, addresses: Iterable[str]) -> dict[str, BlockedDomain]:
    """The listed domain each blocked address is at (its own domain or a parent of it), in one query;
    addresses not blocked are left out."""
    candidates = {address: _domain_and_parents(_ascii_host(address.rsplit("@", 1)[-1])) for address in addresses}
    wanted = {domain for domains in candidates.values() for domain in domains}
    if not wanted:
        return {}
    listed = {block.domain: block for block in session.exec(
        select(BlockedDomain).where(col(BlockedDomain.domain).in_(wanted)))}
    found = {address: [listed[domain] for domain in domains if domain in listed] for address, domains in candidates.items()}
    return {address: min(blocks, key=lambda block: block.domain) for address, blocks in found.items() if blocks}


def block_of(session: Session, address: str) -> BlockedDomain | None:
    """The listed domain an email address is at (itself or a parent of its domain), or None."""
    return blocks_of(session, [address]).get(address)


def refusal_for(block: BlockedDomain) -> str:
    """Why an email to that domain does not go, as the person reads it."""
    return f"{block.domain} is on the team's blocked domains" + (f" ({block.reason})" if block.reason else "")


def block_domain(session: Session, user: User, typed: str, reason: str = "") -> BlockedDomain:
    """Add a domain to the list; the caller commits."""
    domain = normalise_domain(typed)
    if session.get(BlockedDomain, domain) is not None:
        raise DomainRefused(f"{domain} is blocked already.")
    block = BlockedDomain(domain=domain, reason=reason.strip()[:limits_of(BlockedDomain, "reason").max_length],
                          added_by_id=user.id)
    session.add(block)
    audit.record(session, user, "blocked_domain", "blocked_domain", None, domain=domain, reason=block.reason)
    return block


def unblock_domain(session: Session, user: User, domain: str) -> None:
    """Take a domain off the list; the caller commits."""
    block = session.get(BlockedDomain, domain)
    if block is None:
        raise DomainRefused(f"{domain} is not on the list.")
    session.delete(block)
    audit.record(session, user, "unblocked_domain", "blocked_domain", None, domain=domain)


def blocked_domains(session: Session) -> list[BlockedDomain]:
    return list(session.exec(select(BlockedDomain).order_by(BlockedDomain.domain)))
