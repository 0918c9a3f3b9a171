"""Admin pages: users, the team-wide do-not-contact list, and the audit log."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import func, or_, select

from outreach.core import audit, two_step
from outreach.core.access import is_admin
from outreach.core.blocked_domains import blocked_domains
from outreach.core.do_not_contact import mark_do_not_contact, remove_from_do_not_contact
from outreach.core.errors import Refused
from outreach.core.models import ROLES, AuditEvent, Blogger, User
from outreach.core.password_links import NEEDS_MAIL, can_email_links, invite_user, send_invitation
from outreach.core.sign_in_identities import linked_providers, unlink_identity
from outreach.core.users import UserError, create_user, end_sessions
from outreach.web.access import require
from outreach.web.admin import bp
from outreach.web.admin.forms import BlockDomainForm, DoNotContactForm, UserForm
from outreach.web.admin.queries import get_user_or_404
from outreach.web.bloggers.queries import get_blogger_or_404
from outreach.web.db import get_session
from outreach.web.forms import options, requested_page

AUDIT_PAGE_SIZE = 50


@bp.route("/admin/users", methods=["GET", "POST"])
@require(is_admin)
def users():
    session = get_session()
    form = UserForm()
    if form.validate_on_submit():
        try:
            if form.invite.data:
                user = invite_user(session, form.email.data, form.role.data, form.name.data or "",
                                   current_app.config["TIME_ZONE"])
            else:
                user = create_user(session, form.email.data, form.password.data or "", form.role.data,
                                   form.name.data or "", current_app.config["TIME_ZONE"])
            session.flush()
            audit.record(session, current_user, "added_user", "user", user.id, email=user.email, role=user.role,
                         invited=bool(form.invite.data))
            session.commit()
        except UserError as error:
            session.rollback()
            # Each refusal under the field it is about, the others' input kept for a second try.
            about_password = "password" in str(error)
            (form.password if about_password else form.email).errors.append(str(error).capitalize() + ".")
        else:
            if form.invite.data:
                tell_of_invitation(user)
            else:
                flash(f"Added {user.role} {user.email}.", "success")
            return redirect(url_for("admin.users"))
    people = session.exec(select(User).order_by(User.email)).all()
    status = 400 if form.errors else 200
    return render_template("admin/users.html", form=form, people=people, roles=ROLES,
                           can_invite=can_email_links(current_app.config),
                           linked=linked_providers(session)), status


def tell_of_invitation(user: User) -> None:
    """Email the invitation now, so the admin learns at once whether it went."""
    why_not = send_invitation(current_app.config, user, current_user)
    if not why_not:
        flash(f"Invited {user.role} {user.email}: the link to choose a password works for 7 days.", "success")
    else:
        flash(f"Added {user.role} {user.email}, but the invitation was not sent ({why_not}). "
              "Send it again from the list.", "warning")


@bp.route("/admin/users/<int:user_id>/invite", methods=["POST"])
@require(is_admin)
def invite_again(user_id: int):
    """A new invitation for someone who has not signed in yet."""
    session = get_session()
    user = get_user_or_404(session, user_id)
    if user.last_login_at is not None or not user.is_active:
        flash(f"{user.email} has signed in already: they use \"Forgot your password?\" if they need to.", "error")
    elif not can_email_links(current_app.config):
        flash(f"{NEEDS_MAIL[0].upper()}{NEEDS_MAIL[1:]}.", "error")
    else:
        audit.record(session, current_user, "invited_user", "user", user.id)
        session.commit()
        tell_of_invitation(user)
    return redirect(url_for("admin.users"))


@bp.route("/admin/users/<int:user_id>", methods=["POST"])
@require(is_admin)
def update_user(user_id: int):
    session = get_session()
    user = get_user_or_404(session, user_id)
    role = request.form.get("role", user.role)
    active = request.form.get("is_active", "1" if user.is_active else "0") == "1"
    if role not in ROLES:
        flash(f"Unknown role {role!r}.", "error")
    elif user.id == current_user.id and (role != "admin" or not active):
        flash("You cannot remove your own admin rights or disable yourself.", "error")
    else:
        audit.record(session, current_user, "updated_user", "user", user.id,
                     role=[user.role, role], active=[user.is_active, active])
        user.role, user.is_active = role, active
        session.add(user)
        session.commit()
        flash(f"Saved {user.email}.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/admin/users/<int:user_id>/sign-out", methods=["POST"])
@require(is_admin)
def sign_out_everywhere(user_id: int):
    """End every session and remember cookie of the user, e.g. after a lost laptop."""
    session = get_session()
    user = get_user_or_404(session, user_id)
    end_sessions(session, user)
    audit.record(session, current_user, "ended_sessions", "user", user.id)
    session.commit()
    flash(f"{user.email} is signed out everywhere.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/admin/users/<int:user_id>/two-step-off", methods=["POST"])
@require(is_admin)
def reset_two_step(user_id: int):
    """Turn off a person's two-step sign-in (a lost phone and no recovery code left); they sign in
    with their password and set it up again."""
    session = get_session()
    user = get_user_or_404(session, user_id)
    if user.has_two_step:
        two_step.reset_two_step(session, current_user, user)
        session.commit()
        flash(f"Two-step sign-in is off for {user.email}, and they are signed out everywhere.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/admin/users/<int:user_id>/sign-in/<int:identity_id>/unlink", methods=["POST"])
@require(is_admin)
def unlink_sign_in(user_id: int, identity_id: int):
    """Unlink a person's Google or Microsoft account (lost, or taken over): it signs nobody in any more."""
    session = get_session()
    user = get_user_or_404(session, user_id)
    try:
        identity = unlink_identity(session, user, identity_id, by=current_user)
        session.commit()
    except Refused as error:
        flash(str(error), "error")
    else:
        flash(f"{identity.email} no longer signs {user.email} in.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/do-not-contact", methods=["GET", "POST"])
def do_not_contact():
    """Everyone sees the list and may add to it; only an admin removes a name."""
    session = get_session()
    form = blogger_form(session)
    if form.validate_on_submit():
        blogger = session.get(Blogger, form.blogger_id.data)
        mark_do_not_contact(session, current_user, blogger, form.reason.data)
        session.commit()
        flash(f"{blogger.name or 'The blogger'} is on the do-not-contact list.", "success")
        return redirect(url_for("admin.do_not_contact"))
    return do_not_contact_page(session, form, BlockDomainForm(formdata=None))


def blogger_form(session, **kwargs) -> DoNotContactForm:
    """The form that adds a blogger, offering those not on the list yet."""
    form = DoNotContactForm(**kwargs)
    candidates = session.exec(
        select(Blogger).where(Blogger.do_not_contact.is_(False)).order_by(Blogger.name).limit(2000)
    ).all()
    form.blogger_id.choices = options((b.id, b.name or f"Blogger {b.id}") for b in candidates)
    return form


def do_not_contact_page(session, form: DoNotContactForm, domain_form: BlockDomainForm):
    """The list page, with either form's errors (400) when one came back."""
    listed = session.exec(
        select(Blogger).where(Blogger.do_not_contact.is_(True)).order_by(Blogger.name)
    ).all()
    status = 400 if form.errors or domain_form.errors else 200
    return render_template("admin/do_not_contact.html", form=form, listed=listed, domain_form=domain_form,
                           domains=blocked_domains(session)), status


@bp.route("/do-not-contact/<int:blogger_id>/remove", methods=["POST"])
@require(is_admin)
def remove_do_not_contact(blogger_id: int):
    session = get_session()
    blogger = get_blogger_or_404(session, blogger_id)
    remove_from_do_not_contact(session, current_user, blogger)
    session.commit()
    flash(f"{blogger.name or 'The blogger'} was removed from the do-not-contact list.", "success")
    return redirect(url_for("admin.do_not_contact"))


@bp.route("/admin/audit")
@require(is_admin)
def audit_log():
    session = get_session()
    page = requested_page(request.args)
    query = request.args.get("q", "").strip()
    statement = select(AuditEvent, User.email).join(User, User.id == AuditEvent.user_id, isouter=True)
    count_statement = select(func.count()).select_from(AuditEvent).join(
        User, User.id == AuditEvent.user_id, isouter=True)
    if query:
        pattern = f"%{query}%"
        condition = or_(AuditEvent.action.ilike(pattern), AuditEvent.object_type.ilike(pattern),
                        User.email.ilike(pattern))
        statement = statement.where(condition)
        count_statement = count_statement.where(condition)
    total = session.exec(count_statement).one()
    events = session.exec(
        statement.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * AUDIT_PAGE_SIZE).limit(AUDIT_PAGE_SIZE)
    ).all()
    pages = max(1, -(-total // AUDIT_PAGE_SIZE))
    return render_template("admin/audit.html", events=events, page=page, pages=pages, query=query,
                           total=total)


