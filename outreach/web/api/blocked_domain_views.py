"""Blocked domains from scripts: list, add (anyone on the team) and remove (admins), as on the
do-not-contact page."""

from __future__ import annotations

from flask import g

from outreach.core.access import is_admin
from outreach.core.blocked_domains import block_domain, blocked_domains, normalise_domain, unblock_domain
from outreach.core.models import BlockedDomain
from outreach.web.api.http import ApiError, dump, dump_list, parse_body, parse_query
from outreach.web.api.schemas import BlockedDomainCreate, BlockedDomainOut, BlockedDomainQuery
from outreach.web.api.spec import operation
from outreach.web.db import get_session


@operation("GET", "/blocked-domains", "The domains no email from the app goes to", response=BlockedDomainOut,
           list_response=True)
def list_blocked_domains():
    return dump_list(BlockedDomainOut, blocked_domains(get_session()))


@operation("POST", "/blocked-domains", "Block a domain: no email from the app goes to it or its subdomains",
           body=BlockedDomainCreate, response=BlockedDomainOut, status=201)
def create_blocked_domain():
    data = parse_body(BlockedDomainCreate)
    session = get_session()
    block = block_domain(session, g.api_user, data.domain, data.reason)
    session.commit()
    return dump(BlockedDomainOut, block, 201)


@operation("DELETE", "/blocked-domains", "Unblock a domain (admins)", query=BlockedDomainQuery,
           response=BlockedDomainOut, errors=(403, 404))
def delete_blocked_domain():
    query = parse_query(BlockedDomainQuery)
    if not is_admin(g.api_user):
        raise ApiError(403, "Only an admin removes a blocked domain.")
    session = get_session()
    block = session.get(BlockedDomain, normalise_domain(query.domain))  # as it was added: www., an address
    if block is None:
        raise ApiError(404, f"{query.domain} is not a blocked domain.")
    shown = BlockedDomainOut.model_validate(block)
    unblock_domain(session, g.api_user, block.domain)
    session.commit()
    return dump(BlockedDomainOut, shown)
