"""Blocked domains, on the do-not-contact page: anyone may add one, only an admin removes one."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from outreach.core.access import is_admin
from outreach.core.blocked_domains import DomainRefused, block_domain, unblock_domain
from outreach.web.access import require
from outreach.web.admin import bp
from outreach.web.admin.forms import BlockDomainForm
from outreach.web.admin.views import blogger_form, do_not_contact_page
from outreach.web.db import get_session


@bp.route("/do-not-contact/domains", methods=["POST"])
def block():
    session = get_session()
    form = BlockDomainForm()
    if form.validate_on_submit():
        try:
            block = block_domain(session, current_user, form.domain.data, form.domain_reason.data or "")
            session.commit()
        except DomainRefused as error:
            session.rollback()
            form.domain.errors.append(str(error))
        else:
            flash(f"No email from the app goes to an address at {block.domain} or its subdomains now.", "success")
            return redirect(url_for("admin.do_not_contact") + "#blocked-domains")
    return do_not_contact_page(session, blogger_form(session, formdata=None), form)


@bp.route("/do-not-contact/domains/<domain>/remove", methods=["POST"])
@require(is_admin)
def unblock(domain: str):
    session = get_session()
    try:
        unblock_domain(session, current_user, domain)
        session.commit()
    except DomainRefused as error:
        session.rollback()
        flash(str(error), "error")
    else:
        flash(f"{domain} is no longer blocked.", "success")
    return redirect(url_for("admin.do_not_contact") + "#blocked-domains")
